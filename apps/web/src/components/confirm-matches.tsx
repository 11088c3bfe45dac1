'use client';

import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { asyncHandler } from '../lib/async-handler';
import { describeError, send } from '../lib/browser-api';

/** The candidate checkboxes (rendered by the server inside this form) become the confirmed set. */
export function ConfirmMatches({ claimId, children }: { claimId: string; children: React.ReactNode }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const assetIds = new FormData(event.currentTarget).getAll('asset').map(String);
    setBusy(true);
    setError(null);
    try {
      await send('PUT', `/v1/claims/${claimId}/matches`, { assetIds });
      router.refresh();
    } catch (err) {
      setError(describeError(err));
    } finally {
      setBusy(false);
    }
  }
  return (
    <form onSubmit={asyncHandler(onSubmit)}>
      {children}
      <button type="submit" className="button primary" disabled={busy}>
        Confirm the ticked matches
      </button>
      {error && (
        <p role="alert" className="problem">
          {error}
        </p>
      )}
    </form>
  );
}
