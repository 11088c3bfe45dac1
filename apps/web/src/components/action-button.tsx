'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { asyncHandler } from '../lib/async-handler';
import { describeError, send } from '../lib/browser-api';

/** One API call (rotate, revoke, …) behind a button, then the page re-renders from the server. */
export function ActionButton({
  method,
  path,
  body,
  label,
  confirm,
  className = 'button small',
}: {
  method: 'POST' | 'PATCH' | 'DELETE';
  path: string;
  body?: unknown;
  label: string;
  confirm?: string;
  className?: string;
}) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
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
          try {
            await send(method, path, body);
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
    </>
  );
}
