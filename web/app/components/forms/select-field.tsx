import type { ReactNode, SelectHTMLAttributes } from 'react';
import { formatEnumLabel } from '~/lib/format';

/** One choice: an enum value (labelled by formatEnumLabel) or a value with its label. */
export type Choice = string | { value: string; label: string };

const choiceValue = (choice: Choice) => (typeof choice === 'string' ? choice : choice.value);
const choiceLabel = (choice: Choice) => (typeof choice === 'string' ? formatEnumLabel(choice) : choice.label);

/** A labelled select (`.field`) over a list of choices. */
export function SelectField({
  id,
  label,
  choices,
  any,
  prompt,
  ...select
}: {
  id: string;
  label: ReactNode;
  choices: readonly Choice[];
  /** An empty choice that means "no filter" ("Any status"). */
  any?: string;
  /** A disabled empty first choice the person must replace ("Choose an outcome"). */
  prompt?: string;
} & SelectHTMLAttributes<HTMLSelectElement>) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} {...select}>
        {prompt === undefined ? null : (
          <option value="" disabled>
            {prompt}
          </option>
        )}
        {any === undefined ? null : <option value="">{any}</option>}
        {choices.map((choice) => (
          <option key={choiceValue(choice)} value={choiceValue(choice)}>
            {choiceLabel(choice)}
          </option>
        ))}
      </select>
    </div>
  );
}
