import { useId, type Ref } from 'react';

/** The arrow that sends the form from the last box, or the spinner in its place while it is busy. */
interface LockSubmit {
  /** The arrow's accessible name ("Sign in", "Change"). */
  label: string;
  /** The spinner's accessible name while busy ("Signing in…"). */
  busyLabel: string;
  busy: boolean;
  disabled: boolean;
}

/**
 * A box of the lock screen, the Windows way: its name shown as the placeholder and given to
 * assistive technology by a hidden label; with `submit`, the arrow button beside it. The sign-in
 * and the password change are made of these, so they look and read alike.
 */
export function LockInput({
  label,
  value,
  onChange,
  type = 'text',
  autoComplete,
  inputRef,
  describedBy,
  disabled,
  submit,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  type?: 'text' | 'password';
  autoComplete: string;
  inputRef?: Ref<HTMLInputElement> | undefined;
  describedBy?: string;
  disabled: boolean;
  submit?: LockSubmit;
}) {
  const id = useId();
  const input = (
    <input
      id={id}
      ref={inputRef}
      className="lock-input"
      type={type}
      value={value}
      onChange={(event) => onChange(event.target.value)}
      placeholder={label}
      autoComplete={autoComplete}
      aria-describedby={describedBy}
      spellCheck={type === 'text' ? false : undefined}
      disabled={disabled}
    />
  );
  return (
    <>
      <label className="visually-hidden" htmlFor={id}>
        {label}
      </label>
      {submit ? (
        <span className="lock-input-row">
          {input}
          {submit.busy ? (
            <span className="spinner spinner-small" role="status" aria-label={submit.busyLabel} />
          ) : (
            <button className="sign-in-submit" type="submit" aria-label={submit.label} disabled={submit.disabled}>
              →
            </button>
          )}
        </span>
      ) : (
        input
      )}
    </>
  );
}
