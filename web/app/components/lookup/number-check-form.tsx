import { Form } from '@remix-run/react';

/** A plain GET form to a lookup page: it works before (and without) JavaScript. */
export function NumberCheckForm({
  defaultValue = '',
  autoFocus = false,
  action = '/dashboard/lookup',
}: {
  defaultValue?: string;
  autoFocus?: boolean;
  /** The public check (`/check`) or the dashboard's lookup. */
  action?: '/check' | '/dashboard/lookup';
}) {
  return (
    <Form method="get" action={action} className="inline-form" role="search" aria-label="Check a number">
      <div className="field">
        <label htmlFor="number-to-check">Phone number</label>
        <input
          id="number-to-check"
          name="number"
          type="tel"
          inputMode="tel"
          autoComplete="off"
          placeholder="+91 98765 43210"
          defaultValue={defaultValue}
          required
          maxLength={32}
          // biome-ignore lint/a11y/noAutofocus: the lookup page exists to type a number.
          autoFocus={autoFocus}
          aria-describedby="number-to-check-hint"
        />
        <span id="number-to-check-hint" className="field__hint">
          Indian numbers with or without +91; spaces and dashes are fine.
        </span>
      </div>
      <button type="submit" className="button">
        Check number
      </button>
    </Form>
  );
}
