import { Form, useNavigation } from '@remix-run/react';
import { CsrfField } from '~/components/auth/csrf-field';
import { SelectField } from '~/components/forms/select-field';
import { fraudCategories } from '~/lib/graphql/enums';

export interface ReportFormResult {
  reported: boolean;
  message: string;
  fieldErrors?: Record<string, string>;
}

/** A plain POST form (works without JavaScript) to the lookup page's action. */
export function ReportForm({ number, result }: { number: string; result: ReportFormResult | undefined }) {
  const navigation = useNavigation();
  const submitting = navigation.state === 'submitting' && navigation.formData?.get('intent') === 'report';
  return (
    <Form method="post" aria-labelledby="report-heading" data-testid="report-form">
      <h2 id="report-heading">Report this number</h2>
      <p className="panel__note">
        Did it try to defraud you? Reports raise its risk and alert analysts after a few.
      </p>
      <CsrfField />
      <input type="hidden" name="intent" value="report" />
      <input type="hidden" name="number" value={number} />
      <SelectField
        id="report-category"
        name="category"
        label="What kind of fraud?"
        choices={fraudCategories}
        defaultValue="OTHER"
        required
      />
      <div className="field">
        <label htmlFor="report-description">
          What happened?{' '}
          <span className="field__hint">Optional. Do not include your own OTPs or passwords.</span>
        </label>
        <textarea
          id="report-description"
          name="description"
          maxLength={1000}
          aria-invalid={result?.fieldErrors?.description ? true : undefined}
          aria-describedby={result?.fieldErrors?.description ? 'report-description-error' : undefined}
        />
        {result?.fieldErrors?.description ? (
          <span id="report-description-error" className="field__hint" role="alert">
            {result.fieldErrors.description}
          </span>
        ) : null}
      </div>
      <button type="submit" className="button button--danger" disabled={submitting}>
        {submitting ? 'Sending report…' : 'Report number'}
      </button>
      {result ? (
        <p
          className={`notice ${result.reported ? 'notice--success' : 'notice--error'}`}
          role={result.reported ? 'status' : 'alert'}
          data-testid="report-result"
          style={{ marginTop: '0.75rem' }}
        >
          {result.message}
        </p>
      ) : null}
    </Form>
  );
}
