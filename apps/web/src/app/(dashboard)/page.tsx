import type { CoverageHistory, CoverageSummary, ExpiringReport } from '@clearance/contracts';
import type { Metadata } from 'next';
import { RiskBadge } from '../../components/badges';
import { CoverageChart } from '../../components/coverage-chart';
import { agencyLabels, deadlineText, loadOpenClaims } from '../../lib/claims';
import { count, formatDay, formatMoney, kindLabel, statusHints, statusLabels, statusOrder } from '../../lib/format';
import { load } from '../../lib/server-api';
import type { AssetList } from '../../lib/types';

export const metadata: Metadata = { title: 'Overview' };

const windows = [30, 60, 90] as const;

export default async function OverviewPage() {
  // One round trip's worth of latency: every panel's data is asked for at once.
  const [summary, history, expiring, risky, claims] = await Promise.all([
    load<CoverageSummary>('/v1/coverage/summary'),
    load<CoverageHistory>('/v1/coverage/history?days=90'),
    load<ExpiringReport>('/v1/coverage/expiring?withinDays=90'),
    load<AssetList>('/v1/assets?status=uncovered&risk=high&limit=8'),
    loadOpenClaims(),
  ]);
  // The history's last point is as of the last summary; this page's own summary is newer.
  const last = history.points.at(-1);
  if (last?.day === summary.asOf) Object.assign(last, { recorded: true, total: summary.total, byStatus: summary.byStatus });
  const buckets = windows.map((days, i) => ({
    days,
    items: expiring.items.filter((l) => l.daysLeft <= days && l.daysLeft > (i === 0 ? -1 : windows[i - 1]!)),
  }));

  return (
    <>
      <h1>Overview</h1>
      <p className="lead">
        {count.format(summary.total)} asset{summary.total === 1 ? '' : 's'} on {summary.bySite.length} site{summary.bySite.length === 1 ? '' : 's'}, as
        of {formatDay(summary.asOf)}.
      </p>

      {summary.total === 0 && (
        <div className="card empty">
          <h2>No assets yet</h2>
          <p>
            Add a site in <a href="/settings">Settings</a>, then give its webhook URL and secret to the Clearance WordPress plugin: every
            upload arrives here, with its metadata and likely source.
          </p>
        </div>
      )}

      <section aria-labelledby="status-heading">
        <h2 id="status-heading">Coverage</h2>
        <ul className="status-cards">
          {statusOrder.map((s) => (
            <li key={s}>
              <a href={`/assets?status=${s}`} className={`status-card status-card-${s}`}>
                <span className="big">{count.format(summary.byStatus[s])}</span>
                <span>{statusLabels[s]}</span>
                <small>{statusHints[s]}</small>
              </a>
            </li>
          ))}
        </ul>
      </section>

      <div className="columns">
        <section className="card" aria-labelledby="chart-heading">
          <h2 id="chart-heading">Coverage over time</h2>
          <CoverageChart history={history} />
        </section>

        <section className="card" aria-labelledby="expiring-heading">
          <h2 id="expiring-heading">Licenses expiring</h2>
          {expiring.items.length === 0 ? (
            <p className="muted">No license ends in the next 90 days.</p>
          ) : (
            buckets.map((b) => (
              <div key={b.days}>
                <h3>
                  Within {b.days} days <span className="count">{b.items.length}</span>
                </h3>
                <ul className="plain-list">
                  {b.items.slice(0, 5).map((l) => (
                    <li key={l.licenseId}>
                      {kindLabel(l.kind)}
                      {l.licensor ? ` from ${l.licensor}` : ''} — ends {formatDay(l.expiresOn)} ({l.daysLeft === 0 ? 'today' : `${l.daysLeft} days`}),{' '}
                      {l.assets.slice(0, 3).map((a, i) => (
                        <span key={a.id}>
                          {i > 0 && ', '}
                          <a href={`/assets/${a.id}`}>{a.filename}</a>
                        </span>
                      ))}
                      {l.assets.length > 3 && ` and ${l.assets.length - 3} more`}
                    </li>
                  ))}
                  {b.items.length > 5 && <li className="muted">and {b.items.length - 5} more</li>}
                </ul>
              </div>
            ))
          )}
        </section>
      </div>

      <div className="columns">
        <section className="card" aria-labelledby="risky-heading">
          <h2 id="risky-heading">Riskiest uncovered assets</h2>
          {risky.items.length === 0 ? (
            <p className="muted">
              No high-risk asset is uncovered. <a href="/assets?status=uncovered">See every uncovered asset</a>.
            </p>
          ) : (
            <>
              <ul className="plain-list">
                {risky.items.map((a) => (
                  <li key={a.id}>
                    <a href={`/assets/${a.id}`}>{a.title || a.filename}</a> <RiskBadge risk={a.risk} />
                    {a.detectedSource && <small className="muted"> likely {a.detectedSource.provider}</small>}
                  </li>
                ))}
              </ul>
              <p>
                <a href="/assets?status=uncovered&risk=high">All high-risk uncovered assets</a>
              </p>
            </>
          )}
        </section>

        <section className="card" aria-labelledby="claims-heading">
          <h2 id="claims-heading">Open claims</h2>
          {claims === null ? (
            <p className="muted">Claims are not available from this API yet.</p>
          ) : claims.length === 0 ? (
            <p className="muted">No open claims.</p>
          ) : (
            <ul className="plain-list">
              {claims.slice(0, 8).map((c) => (
                <li key={c.id}>
                  <a href={`/claims/${c.id}`}>
                    {agencyLabels[c.agency] ?? c.agency}
                    {c.caseRef ? ` ${c.caseRef}` : ''}
                  </a>{' '}
                  — {c.deadlineOn ? `deadline ${formatDay(c.deadlineOn)} (${deadlineText(c)})` : 'no deadline'}, {formatMoney(c.amount, c.currency)}{' '}
                  <span className="badge">{c.status}</span>
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>

      {summary.bySite.length > 0 && (
        <section className="card" aria-labelledby="sites-heading">
          <h2 id="sites-heading">Per site</h2>
          <div className="table-scroll">
            <table>
              <thead>
                <tr>
                  <th scope="col">Site</th>
                  {statusOrder.map((s) => (
                    <th key={s} scope="col" className="num">
                      {statusLabels[s]}
                    </th>
                  ))}
                  <th scope="col" className="num">
                    Total
                  </th>
                </tr>
              </thead>
              <tbody>
                {summary.bySite.map((site) => (
                  <tr key={site.siteId}>
                    <th scope="row">
                      <a href={`/assets?siteId=${site.siteId}`}>{site.siteName}</a>
                    </th>
                    {statusOrder.map((s) => (
                      <td key={s} className="num">
                        {site.byStatus[s] ? <a href={`/assets?siteId=${site.siteId}&status=${s}`}>{count.format(site.byStatus[s])}</a> : 0}
                      </td>
                    ))}
                    <td className="num">{count.format(site.total)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}
    </>
  );
}
