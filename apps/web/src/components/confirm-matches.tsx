'use client';

import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { ApiError } from '../lib/api';
import { asyncHandler } from '../lib/async-handler';
import { describeError, send } from '../lib/browser-api';

/**
 * The candidate checkboxes (rendered by the server inside this form) become the confirmed set.
 * When the API refuses an asset of a site the letter never names, the user sees why and may
 * confirm anyway: the override is sent explicitly and the API writes it on the timeline.
 */
export function ConfirmMatches({ claimId, children }: { claimId: string; children: React.ReactNode }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [overridePrompt, setOverridePrompt] = useState<{ assetIds: string[]; detail: string } | null>(null);
  const [busy, setBusy] = useState(false);
  async function confirm(assetIds: string[], override: boolean) {
    setBusy(true);
    setError(null);
    try {
      await send('PUT', `/v1/claims/${claimId}/matches`, override ? { assetIds, override: true } : { assetIds });
      setOverridePrompt(null);
      router.refresh();
    } catch (err) {
      if (err instanceof ApiError && err.code === 'site_not_in_letter') setOverridePrompt({ assetIds, detail: describeError(err) });
      else setError(describeError(err));
    } finally {
      setBusy(false);
    }
  }
  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    await confirm(new FormData(event.currentTarget).getAll('asset').map(String), false);
  }
  return (
    <form onSubmit={asyncHandler(onSubmit)}>
      {children}
      <button type="submit" className="button primary" disabled={busy}>
        Confirm the ticked matches
      </button>
      {overridePrompt && (
        <div role="alertdialog" aria-labelledby="override-heading" className="problem">
          <p id="override-heading">
            <strong>The letter does not name this site.</strong> {overridePrompt.detail}
          </p>
          <p>Confirm only if you are sure the claim is about this copy; the override is recorded on the claim&apos;s timeline.</p>
          <button type="button" className="button" disabled={busy} onClick={asyncHandler(() => confirm(overridePrompt.assetIds, true))}>
            Confirm anyway (override)
          </button>{' '}
          <button type="button" className="button" disabled={busy} onClick={() => setOverridePrompt(null)}>
            Cancel
          </button>
        </div>
      )}
      {error && (
        <p role="alert" className="problem">
          {error}
        </p>
      )}
    </form>
  );
}
