import { claimAgencies } from '@clearance/contracts';
import type { Metadata } from 'next';
import { ApiForm } from '../../../components/api-form';
import { agencyLabels, deadlineText, loadOpenClaims } from '../../../lib/claims';
import { formatDay, formatMoney } from '../../../lib/format';
import { load, requireSession } from '../../../lib/server-api';
import { canEdit } from '../../../lib/session';
import type { Site } from '../../../lib/types';

export const metadata: Metadata = { title: 'Claims' };

export default async function ClaimsPage() {
  const [{ user }, claims, sites] = await Promise.all([requireSession(), loadOpenClaims(200), load<{ items: Site[] }>('/v1/sites')]);
  return (
    <>
      <h1>Claims</h1>
      {claims === null ? (
        <div className="card empty">
          <h2>Claims are not available</h2>
          <p>
            This API does not offer claims. When a claim letter arrives, find the image under <a href="/assets">Assets</a> (search by filename) and
            download its proofs from the asset page.
          </p>
        </div>
      ) : claims.length === 0 ? (
        <div className="card empty">
          <h2>No open claims</h2>
          <p>Nothing to answer. When a letter arrives, log it below: Clearance finds the image and what you hold for it.</p>
        </div>
      ) : (
        <div className="table-scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">Claim</th>
                <th scope="col">Deadline</th>
                <th scope="col">Demanded</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {claims.map((c) => (
                <tr key={c.id}>
                  <td>
                    <a href={`/claims/${c.id}`}>
                      {agencyLabels[c.agency] ?? c.agency}
                      {c.caseRef ? ` ${c.caseRef}` : ''}
                    </a>
                    {c.rightsHolder && <small className="muted"> for {c.rightsHolder}</small>}
                  </td>
                  <td>
                    {formatDay(c.deadlineOn)} <small className={c.daysLeft !== null && c.daysLeft < 7 ? 'risk-high' : 'muted'}>{deadlineText(c)}</small>
                  </td>
                  <td>{formatMoney(c.amount, c.currency)}</td>
                  <td>
                    <span className="badge">{c.status}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {claims !== null && canEdit(user) && (
        <section className="card" aria-labelledby="new-claim-heading">
          <h2 id="new-claim-heading">Log a claim</h2>
          <p className="muted">Start with what the letter says; upload the letter itself next, and its fields are read for you.</p>
          <ApiForm path="/v1/claims" submitLabel="Open claim" numbers={['amount']} navigate="/claims/{id}">
            <label>
              From
              <select name="agency" required defaultValue="">
                <option value="">Choose…</option>
                {claimAgencies.map((a) => (
                  <option key={a} value={a}>
                    {agencyLabels[a] ?? a}
                  </option>
                ))}
              </select>
            </label>
            <label>
              Case reference
              <input name="caseRef" maxLength={200} />
            </label>
            <label>
              Deadline
              <input name="deadlineOn" type="date" />
            </label>
            <label>
              Amount demanded
              <input name="amount" type="number" min="0" step="0.01" />
            </label>
            <label>
              Currency
              <input name="currency" pattern="[A-Z]{3}" maxLength={3} placeholder="EUR" />
            </label>
            {sites.items.length > 1 && (
              <label>
                Site
                <select name="siteId" defaultValue="">
                  <option value="">Not sure</option>
                  {sites.items.map((s) => (
                    <option key={s.id} value={s.id}>
                      {s.name}
                    </option>
                  ))}
                </select>
              </label>
            )}
          </ApiForm>
        </section>
      )}
    </>
  );
}
