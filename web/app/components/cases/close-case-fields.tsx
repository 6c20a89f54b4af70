import { SelectField } from '~/components/forms/select-field';
import { caseDispositions } from '~/lib/graphql/enums';

/** The disposition and reason every close asks for (one case or many). */
export function CloseCaseFields({ idPrefix }: { idPrefix: string }) {
  return (
    <>
      <SelectField
        id={`${idPrefix}-disposition`}
        name="disposition"
        label="Outcome"
        choices={caseDispositions}
        prompt="Choose an outcome"
        required
        defaultValue=""
      />
      <div className="field">
        <label htmlFor={`${idPrefix}-reason`}>Reason</label>
        <textarea
          id={`${idPrefix}-reason`}
          name="reason"
          required
          maxLength={2000}
          placeholder="What settled it"
        />
      </div>
    </>
  );
}
