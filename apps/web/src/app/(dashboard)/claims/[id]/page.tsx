import { claimStatuses, stanceLabels, type Assessment, type ClaimDetail, type Takedown } from '@clearance/contracts';
import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { ActionButton } from '../../../../components/action-button';
import { ApiForm } from '../../../../components/api-form';
import { StatusBadge } from '../../../../components/badges';
import { CandidateEvidence } from '../../../../components/candidate-evidence';
import { ConfirmMatches } from '../../../../components/confirm-matches';
import { LetterUpload } from '../../../../components/letter-upload';
import { TakedownResult } from '../../../../components/takedown-result';
import { Thumbnail } from '../../../../components/thumbnail';
import { UploadBox } from '../../../../components/upload-box';
import { agencyLabels, deadlineText } from '../../../../lib/claims';
import { formatDay, formatMoney, formatTime, kindLabel } from '../../../../lib/format';
import { loadOptional, requireSession } from '../../../../lib/server-api';
import { canEdit } from '../../../../lib/session';

export const metadata: Metadata = { title: 'Claim' };

export default async function ClaimPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  if (id.length > 64) notFound();
  const [{ user }, claim] = await Promise.all([requireSession(), loadOptional<ClaimDetail>(`/v1/claims/${encodeURIComponent(id)}`)]);
  if (!claim) notFound();
  const [assessment, takedowns] = await Promise.all([
    claim.confirmedAssetIds.length ? loadOptional<Assessment>(`/v1/claims/${claim.id}/assessment`) : null,
    Promise.all(claim.takedownIds.map((t) => loadOptional<Takedown>(`/v1/takedowns/${t}`))),
  ]);
  const editable = canEdit(user);
  const images = claim.proofs.filter((p) => p.kind === 'screenshot' && p.mimeType.startsWith('image/'));
  const closed = ['settled', 'rejected', 'withdrawn'].includes(claim.status);
  // The claim image beside the candidates; only editors get the checkboxes' form.
  const compare = (
    <div className="compare">
      <figure className="claim-image">
        {images[0] ? <img src={`/api${images[0].downloadUrl}`} alt="The image in the claim" /> : <span className="muted">No claim image</span>}
        <figcaption>Claim image</figcaption>
      </figure>
      <ul className="candidates">
        {claim.candidates.map((c) => (
          <li key={c.asset.id}>
            <label className="candidate">
              <input type="checkbox" name="asset" value={c.asset.id} defaultChecked={c.confirmed} disabled={!editable} aria-label={`Confirm ${c.asset.filename}`} />
              <Thumbnail asset={c.asset} size={120} />
              <span>
                <a href={`/assets/${c.asset.id}`} className="wrap">
                  {c.asset.filename}
                </a>
                <br />
                <CandidateEvidence candidate={c} />
                <br />
                <StatusBadge status={c.asset.coverageStatus} /> {c.confirmed && <strong>confirmed</strong>}
              </span>
            </label>
          </li>
        ))}
      </ul>
    </div>
  );

  return (
    <>
      <p className="breadcrumb">
        <a href="/claims">Claims</a>
      </p>
      <h1>
        {agencyLabels[claim.agency] ?? claim.agency} {claim.caseRef}
      </h1>
      <p className="lead">
        <span className="badge">{claim.status}</span> {claim.deadlineOn && <>Deadline {formatDay(claim.deadlineOn)} ({deadlineText(claim)}). </>}
        Demands {formatMoney(claim.amount, claim.currency)}
        {claim.rightsHolder && <> for {claim.rightsHolder}</>}.
        {claim.claimedUseFrom && (
          <>
            {' '}
            Use claimed {claim.claimedUseTo ? `from ${formatDay(claim.claimedUseFrom)} to ${formatDay(claim.claimedUseTo)}` : `since ${formatDay(claim.claimedUseFrom)}`}.
          </>
        )}
      </p>

      <section className="card" aria-labelledby="docs-heading">
        <h2 id="docs-heading">Letter and screenshot</h2>
        {claim.proofs.length > 0 && (
          <ul className="plain-list">
            {claim.proofs.map((p) => (
              <li key={p.id}>
                <a href={`/api${p.downloadUrl}`} download>
                  {p.filename}
                </a>{' '}
                <small className="muted">{p.kind.replace(/_/g, ' ')}</small>
              </li>
            ))}
          </ul>
        )}
        {claim.infringingUrls.length > 0 && (
          <>
            <h3>URLs named</h3>
            <ul>
              {claim.infringingUrls.map((u) => (
                <li key={u} className="wrap">
                  {u}
                </li>
              ))}
            </ul>
          </>
        )}
        {editable && !closed && (
          <div className="columns">
            <LetterUpload claimId={claim.id} />
            <UploadBox path={`/v1/claims/${claim.id}/proofs`} fields={{ kind: 'screenshot' }} label="Upload the screenshot" accept="image/*" />
          </div>
        )}
      </section>

      <section className="card" aria-labelledby="candidates-heading">
        <h2 id="candidates-heading">Which image is it?</h2>
        {editable && !closed && (
          <p>
            <ActionButton method="POST" path={`/v1/claims/${claim.id}/match`} label="Find matching assets" className="button" />{' '}
            <small className="muted">by the URLs, file names and the screenshot&apos;s picture</small>
          </p>
        )}
        {claim.candidates.length === 0 ? (
          <p className="muted">No candidates yet{editable ? ': upload the letter or screenshot, then look for matches.' : '.'}</p>
        ) : (
          editable ? <ConfirmMatches claimId={claim.id}>{compare}</ConfirmMatches> : compare
        )}
      </section>

      {assessment && (
        <section className="card" aria-labelledby="assessment-heading">
          <h2 id="assessment-heading">Assessment</h2>
          <p>
            <strong>{stanceLabels.en[assessment.stance] ?? assessment.stance}.</strong> {assessment.reason}
          </p>
          {assessment.useDay && <p className="muted">Day of the use: {formatDay(assessment.useDay)}</p>}
          <ul className="plain-list">
            {assessment.assets.map((a) => (
              <li key={a.asset.id}>
                <a href={`/assets/${a.asset.id}`}>{a.asset.filename}</a>: {a.reason}
                <br />
                <small className="muted">
                  Use {formatDay(a.usePeriod.from)} to {formatDay(a.usePeriod.to)}
                  {a.uncoveredPeriods.length > 0 && <>, no license {a.uncoveredPeriods.map((p) => (p.from === p.to ? formatDay(p.from) : `${formatDay(p.from)} to ${formatDay(p.to)}`)).join(', ')}</>}. Held over the whole use:{' '}
                  {a.licensesAtUse.map((l) => kindLabel(l.kind)).join(', ') || 'nothing'}; held now:{' '}
                  {a.licensesNow.filter((l) => l.validNow).map((l) => kindLabel(l.kind)).join(', ') || 'nothing'}; {a.proofs.length} proof(s).
                </small>
              </li>
            ))}
          </ul>
          <p>
            <a className="button primary" href={`/api${claim.packUrl}`} download>
              Download the response pack (ZIP)
            </a>
          </p>
        </section>
      )}

      <div className="columns">
        <section className="card" aria-labelledby="timeline-heading">
          <h2 id="timeline-heading">Timeline</h2>
          {claim.events.length === 0 ? (
            <p className="muted">Nothing recorded yet.</p>
          ) : (
            <ol className="timeline">
              {claim.events.map((e) => (
                <li key={e.id}>
                  <time dateTime={e.at}>{formatTime(e.at)}</time> — {e.type.replace(/_/g, ' ')}
                  {e.toStatus && ` → ${e.toStatus}`}
                  {e.amount !== null && ` (${formatMoney(e.amount, e.currency)})`}
                  {e.note && <>: {e.note}</>}
                </li>
              ))}
            </ol>
          )}
          {editable && (
            <>
              <h3>Add to the timeline</h3>
              <ApiForm path={`/v1/claims/${claim.id}/events`} submitLabel="Add" numbers={['amount']}>
                <label>
                  What
                  <select name="type" defaultValue="note">
                    <option value="note">Note</option>
                    <option value="letter_received">Letter received</option>
                    <option value="reply_sent">Reply sent</option>
                    <option value="reminder">Reminder</option>
                    <option value="payment">Payment</option>
                  </select>
                </label>
                <label>
                  Note
                  <input name="note" maxLength={10000} />
                </label>
                <label>
                  Amount
                  <input name="amount" type="number" min="0" step="0.01" />
                </label>
              </ApiForm>
              <h3>Status</h3>
              <ApiForm key={claim.status} path={`/v1/claims/${claim.id}/status`} submitLabel="Change status">
                <label>
                  New status
                  <select name="status" defaultValue={claim.status}>
                    {claimStatuses.map((s) => (
                      <option key={s} value={s}>
                        {s}
                      </option>
                    ))}
                  </select>
                </label>
                <label>
                  Why
                  <input name="note" maxLength={10000} />
                </label>
              </ApiForm>
            </>
          )}
        </section>

        <section className="card" aria-labelledby="settlement-heading">
          <h2 id="settlement-heading">Settlement and takedown</h2>
          {claim.settlementOutcome ? (
            <p>
              Settled {formatDay(claim.settledOn)}: {claim.settlementOutcome === 'license_purchased' ? 'a license was bought' : 'no future use'} for{' '}
              {formatMoney(claim.settlementAmount, claim.currency)}.{' '}
              {claim.settlementLicenseId && <>The license now covers the image.</>}
            </p>
          ) : (
            editable &&
            !closed && (
              <ApiForm path={`/v1/claims/${claim.id}/settlement`} submitLabel="Record settlement" numbers={['amount']}>
                <label>
                  Outcome
                  <select name="outcome" defaultValue="license_purchased">
                    <option value="license_purchased">A license bought for a term</option>
                    <option value="no_future_use">No future use (take it down)</option>
                  </select>
                </label>
                <label>
                  Amount paid
                  <input name="amount" type="number" min="0" step="0.01" data-null="" />
                </label>
                <label>
                  Currency
                  <input name="currency" pattern="[A-Z]{3}" maxLength={3} placeholder="EUR" />
                </label>
                <label>
                  License expires on (for a license)
                  <input name="license.expiresOn" type="date" data-null="" />
                </label>
              </ApiForm>
            )
          )}
          {takedowns.filter(Boolean).map((t) => (
            <TakedownResult key={t!.id} takedown={t!} editable={editable} />
          ))}
        </section>
      </div>
    </>
  );
}
