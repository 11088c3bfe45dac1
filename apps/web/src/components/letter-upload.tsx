'use client';

import { useRouter } from 'next/navigation';
import type { LetterProposal } from '@clearance/contracts';
import { useState } from 'react';
import { asyncHandler } from '../lib/async-handler';
import { describeError, send } from '../lib/browser-api';
import { UploadBox } from './upload-box';

type Proposal = LetterProposal;

/** Reads the claim letter, then offers the fields it found, for the user to confirm. */
export function LetterUpload({ claimId }: { claimId: string }) {
  const router = useRouter();
  const [proposal, setProposal] = useState<Proposal | null>(null);
  const [error, setError] = useState<string | null>(null);
  const found = proposal
    ? Object.entries({
        agency: proposal.agency,
        caseRef: proposal.caseRef,
        rightsHolder: proposal.rightsHolder,
        amount: proposal.amount === null ? null : Number(proposal.amount),
        currency: proposal.currency,
        deadlineOn: proposal.deadlineOn,
        receivedOn: proposal.receivedOn,
        ...(proposal.infringingUrls.length ? { infringingUrls: proposal.infringingUrls } : {}),
      }).filter(([, v]) => v !== null && !(typeof v === 'number' && Number.isNaN(v)))
    : [];
  return (
    <div>
      <UploadBox path={`/v1/claims/${claimId}/letter`} label="Upload the letter (.eml or PDF)" accept=".eml,.pdf,message/rfc822,application/pdf" onResult={(r) => setProposal((r as { proposal: Proposal }).proposal)} />
      {proposal && (
        <div className="card" role="status">
          <h3>Found in the letter</h3>
          {found.length === 0 ? (
            <p className="muted">No fields could be read.</p>
          ) : (
            <dl className="facts">
              {found.map(([k, v]) => (
                <div key={k} className="fact">
                  <dt>{k}</dt>
                  <dd className="wrap">{Array.isArray(v) ? v.join(', ') : String(v)}</dd>
                </div>
              ))}
            </dl>
          )}
          {proposal.warnings.map((w) => (
            <p key={w} className="muted">
              {w}
            </p>
          ))}
          {found.length > 0 && (
            <button
              type="button"
              className="button primary"
              onClick={asyncHandler(async () => {
                try {
                  await send('PATCH', `/v1/claims/${claimId}`, Object.fromEntries(found));
                  setProposal(null);
                  router.refresh();
                } catch (err) {
                  setError(describeError(err));
                }
              })}
            >
              Use these fields
            </button>
          )}
          {error && (
            <p role="alert" className="problem">
              {error}
            </p>
          )}
        </div>
      )}
    </div>
  );
}
