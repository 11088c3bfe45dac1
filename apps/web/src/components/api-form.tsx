'use client';

import { useRouter } from 'next/navigation';
import { useState, type FormEvent, type ReactNode } from 'react';
import { asyncHandler } from '../lib/async-handler';
import { describeError, send } from '../lib/browser-api';
import { CopyButton } from './copy-button';

/**
 * A form whose fields become a JSON body for one API call. Empty fields are left out (or sent as
 * null when marked `data-null`); fields named in `numbers` are sent as numbers, checkboxes as
 * booleans, dotted names as nested objects. After success the page
 * re-renders from the server; `reveal` names a field of the answer to show once (a new token).
 */
export function ApiForm({
  method = 'POST',
  path,
  children,
  submitLabel,
  numbers = [],
  reveal,
  revealLabel,
  navigate,
  doneMessage,
}: {
  method?: 'POST' | 'PATCH' | 'PUT';
  path: string;
  children: ReactNode;
  submitLabel: string;
  numbers?: string[];
  reveal?: string;
  revealLabel?: string;
  /** Go there after success instead of staying; `{id}` is replaced by the answer's id. */
  navigate?: string;
  /** Said after success, for changes the page does not show (a new password). */
  doneMessage?: string;
}) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [revealed, setRevealed] = useState<string | null>(null);
  const [done, setDone] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const body: Record<string, unknown> = {};
    for (const element of Array.from(formElement.elements)) {
      if (!(element instanceof HTMLInputElement || element instanceof HTMLSelectElement || element instanceof HTMLTextAreaElement)) continue;
      if (!element.name) continue;
      // `license.expiresOn` becomes { license: { expiresOn } }.
      const path = element.name.split('.');
      let target = body;
      for (const key of path.slice(0, -1)) target = (target[key] ??= {}) as Record<string, unknown>;
      const name = path.at(-1)!;
      if (element instanceof HTMLInputElement && element.type === 'checkbox') target[name] = element.checked;
      else if (element.value.trim() !== '') target[name] = numbers.includes(element.name) ? Number(element.value) : element.value.trim();
      else if (element.dataset.null !== undefined) target[name] = null;
    }
    setBusy(true);
    setError(null);
    setDone(false);
    try {
      const result = await send<Record<string, unknown>>(method, path, body);
      if (reveal && typeof result?.[reveal] === 'string') setRevealed(result[reveal]);
      if (navigate) {
        window.location.assign(navigate.replace('{id}', typeof result?.id === 'string' ? result.id : ''));
        return;
      }
      formElement.reset();
      setDone(true);
      router.refresh();
    } catch (err) {
      setError(describeError(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={asyncHandler(onSubmit)} className="inline-form">
      {children}
      <button type="submit" className="button" disabled={busy}>
        {submitLabel}
      </button>
      {error && (
        <p role="alert" className="problem">
          {error}
        </p>
      )}
      {done && doneMessage && (
        <p role="status" className="muted">
          {doneMessage}
        </p>
      )}
      {revealed && (
        <div className="reveal" role="status">
          <p>{revealLabel ?? 'Shown once — store it now:'}</p>
          <code className="wrap">{revealed}</code> <CopyButton text={revealed} />
        </div>
      )}
    </form>
  );
}
