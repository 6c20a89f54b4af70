import { Form } from '@remix-run/react';
import { PhoneNumberField } from '~/components/forms/text-field';

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
      <PhoneNumberField
        id="number-to-check"
        inputMode="tel"
        autoComplete="off"
        placeholder="+91 98765 43210"
        defaultValue={defaultValue}
        autoFocus={autoFocus}
        hint="Indian numbers with or without +91; spaces and dashes are fine."
      />
      <button type="submit" className="button">
        Check number
      </button>
    </Form>
  );
}
