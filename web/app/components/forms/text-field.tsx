import type { InputHTMLAttributes, ReactNode } from 'react';
import { MAX_PASSWORD } from '~/lib/auth/password-limits';

/** A labelled input (`.field`), with an optional hint the input is described by. */
export function TextField({
  id,
  label,
  hint,
  ...input
}: { id: string; label: ReactNode; hint?: ReactNode } & InputHTMLAttributes<HTMLInputElement>) {
  const hintId = hint ? `${id}-hint` : undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input id={id} aria-describedby={hintId} {...input} />
      {hint ? (
        <span id={hintId} className="field__hint">
          {hint}
        </span>
      ) : null}
    </div>
  );
}

type FieldProps = Parameters<typeof TextField>[0];

/** A required password input; `current-password` unless told (`new-password` when choosing one). */
export function PasswordField(props: Omit<FieldProps, 'type'>) {
  return (
    <TextField type="password" autoComplete="current-password" required maxLength={MAX_PASSWORD} {...props} />
  );
}

/** A required phone number input named `number` (the API normalises what is typed). */
export function PhoneNumberField(props: Omit<FieldProps, 'type' | 'name' | 'label'>) {
  return <TextField label="Phone number" name="number" type="tel" required maxLength={32} {...props} />;
}
