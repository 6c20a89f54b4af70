import { Form } from '@remix-run/react';
import { type Choice, SelectField } from '~/components/forms/select-field';
import { TextField } from '~/components/forms/text-field';

export type FilterField =
  | { kind: 'search'; name: string; label: string; value: string; placeholder: string }
  | {
      kind: 'select';
      name: string;
      label: string;
      value: string | null;
      choices: readonly Choice[];
      /** The empty choice ("Any status"); without it the select always has a value. */
      any?: string;
    };

/** GET form: filters live in the URL, so they can be shared and work without JavaScript. */
export function FilterForm({
  label,
  idPrefix,
  fields,
  hidden = {},
}: {
  label: string;
  /** Each field's id is `<idPrefix>-<name>`, the search field's `<idPrefix>-search`. */
  idPrefix: string;
  fields: readonly FilterField[];
  /** Parameters the form keeps as they are (the current tab). */
  hidden?: Record<string, string>;
}) {
  return (
    <Form method="get" className="filters" aria-label={label}>
      {Object.entries(hidden).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      {fields.map((field) =>
        field.kind === 'search' ? (
          <TextField
            key={field.name}
            id={`${idPrefix}-search`}
            name={field.name}
            label={field.label}
            type="search"
            defaultValue={field.value}
            maxLength={100}
            placeholder={field.placeholder}
          />
        ) : (
          <SelectField
            key={field.name}
            id={`${idPrefix}-${field.name}`}
            name={field.name}
            label={field.label}
            choices={field.choices}
            any={field.any}
            defaultValue={field.value ?? ''}
          />
        ),
      )}
      <button type="submit" className="button">
        Apply filters
      </button>
    </Form>
  );
}
