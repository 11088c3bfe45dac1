'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { asyncHandler } from '../lib/async-handler';
import { describeError, send } from '../lib/browser-api';
import { CopyButton } from './copy-button';

/**
 * One API call (rotate, revoke, …) behind a button, then the page re-renders from the server.
 * `reveal` names a field of the answer to show once (a new secret).
 */
export function ActionButton({
  method,
  path,
  body,
  label,
  confirm,
  reveal,
  revealLabel,
  className = 'button small',
}: {
  method: 'POST' | 'PATCH' | 'DELETE';
  path: string;
  body?: unknown;
  label: string;
  confirm?: string;
  reveal?: string;
  revealLabel?: string;
  className?: string;
}) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [revealed, setRevealed] = useState<string | null>(null);
  return (
    <>
      <button
        type="button"
        className={className}
        disabled={busy}
        onClick={asyncHandler(async () => {
          if (confirm && !window.confirm(confirm)) return;
          setBusy(true);
          setError(null);
          setRevealed(null);
          try {
            const result = await send<Record<string, unknown>>(method, path, body);
            if (reveal && typeof result?.[reveal] === 'string') setRevealed(result[reveal]);
            router.refresh();
          } catch (err) {
            setError(describeError(err));
          } finally {
            setBusy(false);
          }
        })}
      >
        {label}
      </button>
      {error && (
        <span role="alert" className="inline-problem">
          {error}
        </span>
      )}
      {revealed && (
        <div className="reveal" role="status">
          <p>{revealLabel ?? 'Shown once — store it now:'}</p>
          <code className="wrap">{revealed}</code> <CopyButton text={revealed} />
        </div>
      )}
    </>
  );
}
