import { Form } from '@remix-run/react';
import { formatEnumLabel } from '~/lib/format';

/** One choice of a select: an enum value (labelled by formatEnumLabel) or a value with its label. */
type Choice = string | { value: string; label: string };

export type FilterField =
  | { kind: 'search'; id: string; name: string; label: string; value: string; placeholder: string }
  | {
      kind: 'select';
      id: string;
      name: string;
      label: string;
      value: string | null;
      choices: readonly Choice[];
      /** The empty choice ("Any status"); without it the select always has a value. */
      any?: string;
    };

const choiceValue = (choice: Choice) => (typeof choice === 'string' ? choice : choice.value);
const choiceLabel = (choice: Choice) => (typeof choice === 'string' ? formatEnumLabel(choice) : choice.label);

/** GET form: filters live in the URL, so they can be shared and work without JavaScript. */
export function FilterForm({
  label,
  fields,
  hidden = {},
}: {
  label: string;
  fields: readonly FilterField[];
  /** Parameters the form keeps as they are (the current tab). */
  hidden?: Record<string, string>;
}) {
  return (
    <Form method="get" className="filters" aria-label={label}>
      {Object.entries(hidden).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      {fields.map((field) => (
        <div className="field" key={field.name}>
          <label htmlFor={field.id}>{field.label}</label>
          {field.kind === 'search' ? (
            <input
              id={field.id}
              name={field.name}
              type="search"
              defaultValue={field.value}
              maxLength={100}
              placeholder={field.placeholder}
            />
          ) : (
            <select id={field.id} name={field.name} defaultValue={field.value ?? ''}>
              {field.any === undefined ? null : <option value="">{field.any}</option>}
              {field.choices.map((choice) => (
                <option key={choiceValue(choice)} value={choiceValue(choice)}>
                  {choiceLabel(choice)}
                </option>
              ))}
            </select>
          )}
        </div>
      ))}
      <button type="submit" className="button">
        Apply filters
      </button>
    </Form>
  );
}
