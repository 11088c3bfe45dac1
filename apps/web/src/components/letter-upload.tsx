'use client';

import { useRouter } from 'next/navigation';
import type { LetterProposal } from '@clearance/contracts';
import { useState } from 'react';
import { asyncHandler } from '../lib/async-handler';
import { describeError, send } from '../lib/browser-api';
import { UploadBox } from './upload-box';

type Proposal = LetterProposal;

/** The proposed claim fields the user confirms, in the order a letter is read, with their labels. */
const fields = [
  ['agency', 'Agency'],
  ['caseRef', 'Case reference'],
  ['rightsHolder', 'Rights holder'],
  ['amount', 'Amount'],
  ['currency', 'Currency'],
  ['receivedOn', 'Received on'],
  ['deadlineOn', 'Deadline'],
  ['claimedUseFrom', 'Use began'],
  ['claimedUseTo', 'Use ended'],
  ['infringingUrls', 'URLs (one a line)'],
] as const;
type Field = (typeof fields)[number][0];

/** The proposal as editable text, one entry per field the letter proposed. */
function draftOf(proposal: Proposal): Partial<Record<Field, string>> {
  const draft: Partial<Record<Field, string>> = {};
  for (const [field] of fields) {
    const value = proposal[field];
    if (value === null || (Array.isArray(value) && !value.length)) continue;
    draft[field] = Array.isArray(value) ? value.join('\n') : String(value);
  }
  return draft;
}

/** The edited text back in the claim's types; the API checks it as it checks PATCH and answers with the failing field. */
function bodyOf(draft: Partial<Record<Field, string>>): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const [field, text] of Object.entries(draft) as [Field, string][]) {
    const value = text.trim();
    if (field === 'infringingUrls') body[field] = value.split(/\s+/).filter(Boolean);
    else if (field === 'amount') body[field] = value === '' ? null : Number(value.replace(',', '.'));
    else body[field] = value === '' ? null : value;
  }
  return body;
}

/** Reads the claim letter, then offers the fields it found, with the line each came from, for the user to check, edit and apply. */
export function LetterUpload({ claimId }: { claimId: string }) {
  const router = useRouter();
  const [proposal, setProposal] = useState<Proposal | null>(null);
  const [draft, setDraft] = useState<Partial<Record<Field, string>>>({});
  const [error, setError] = useState<string | null>(null);
  const found = fields.filter(([field]) => draft[field] !== undefined);
  return (
    <div>
      <UploadBox
        path={`/v1/claims/${claimId}/letter`}
        label="Upload the letter (.eml or PDF)"
        accept=".eml,.pdf,message/rfc822,application/pdf"
        onResult={(r) => {
          const read = (r as { proposal: Proposal }).proposal;
          setProposal(read);
          setDraft(draftOf(read));
          setError(null);
        }}
      />
      {proposal && (
        <div className="card" role="status">
          <h3>Found in the letter</h3>
          {found.length === 0 ? (
            <p className="muted">No fields could be read.</p>
          ) : (
            <dl className="facts">
              {found.map(([field, label]) => (
                <div key={field} className="fact">
                  <dt>
                    <label htmlFor={`letter-${field}`}>{label}</label>
                  </dt>
                  <dd className="wrap">
                    {field === 'infringingUrls' ? (
                      <textarea id={`letter-${field}`} rows={3} value={draft[field]} onChange={(e) => setDraft({ ...draft, [field]: e.target.value })} />
                    ) : (
                      <input id={`letter-${field}`} value={draft[field]} onChange={(e) => setDraft({ ...draft, [field]: e.target.value })} />
                    )}
                    {proposal.evidence[field] && <small className="muted"> “{proposal.evidence[field]}”</small>}
                  </dd>
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
                  await send('POST', `/v1/claims/${claimId}/letter/apply`, bodyOf(draft));
                  setProposal(null);
                  router.refresh();
                } catch (err) {
                  setError(describeError(err));
                }
              })}
            >
              Apply these fields
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
