import { coverageStatuses, riskLevels, type CoverageStatus, type RiskLevel } from '@clearance/contracts';
import type { Metadata } from 'next';
import { RiskBadge, StatusBadge } from '../../../components/badges';
import { SelectAll } from '../../../components/select-all';
import { Thumbnail } from '../../../components/thumbnail';
import { formatDay, knownSources, one, riskLabels, statusLabels, statusOrder } from '../../../lib/format';
import { load, requireSession } from '../../../lib/server-api';
import { canEdit } from '../../../lib/session';
import type { AssetList, Site } from '../../../lib/types';

export const metadata: Metadata = { title: 'Assets' };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const isDay = (v: string | undefined) => v !== undefined && /^\d{4}-\d{2}-\d{2}$/.test(v);

/** The filters a person set, checked, so that a hand-edited URL never turns into an API error. */
function readFilters(params: Record<string, string | string[] | undefined>) {
  const status = one(params.status);
  const risk = one(params.risk);
  const text = (v: string | undefined, max: number) => (v && v.trim() && v.length <= max ? v.trim() : undefined);
  return {
    status: (coverageStatuses as readonly string[]).includes(status ?? '') ? (status as CoverageStatus) : undefined,
    risk: (riskLevels as readonly string[]).includes(risk ?? '') ? (risk as RiskLevel) : undefined,
    siteId: text(one(params.siteId), 64),
    source: text(one(params.source), 100),
    q: text(one(params.q), 200),
    uploadedFrom: isDay(one(params.uploadedFrom)) ? one(params.uploadedFrom) : undefined,
    uploadedTo: isDay(one(params.uploadedTo)) ? one(params.uploadedTo) : undefined,
  };
}

function query(values: Record<string, string | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(values)) if (v) q.set(k, v);
  const s = q.toString();
  return s ? `?${s}` : '';
}

export default async function AssetsPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  const filters = readFilters(params);
  const view = one(params.view) === 'table' ? 'table' : 'grid';
  const cursor = one(params.cursor);
  const [{ user }, page, sites] = await Promise.all([
    requireSession(),
    load<AssetList>(`/v1/assets${query({ ...filters, cursor: cursor && cursor.length <= 200 ? cursor : undefined, limit: '48' })}`),
    load<{ items: Site[] }>('/v1/sites'),
  ]);
  const siteName = new Map(sites.items.map((s) => [s.id, s.name]));
  const filtered = Object.values(filters).some(Boolean);
  const editable = canEdit(user);
  const here = (extra: Record<string, string | undefined>) => `/assets${query({ ...filters, view, ...extra })}`;

  return (
    <>
      <h1>Assets</h1>
      <form method="get" action="/assets" className="filters" role="search" aria-label="Filter assets">
        <input type="hidden" name="view" value={view} />
        <label className="grow">
          Search
          <input type="search" name="q" defaultValue={filters.q} placeholder="Filename, title or credit" maxLength={200} />
        </label>
        <label>
          Status
          <select name="status" defaultValue={filters.status ?? ''}>
            <option value="">Any</option>
            {statusOrder.map((s) => (
              <option key={s} value={s}>
                {statusLabels[s]}
              </option>
            ))}
          </select>
        </label>
        <label>
          Site
          <select name="siteId" defaultValue={filters.siteId ?? ''}>
            <option value="">Any</option>
            {sites.items.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Risk
          <select name="risk" defaultValue={filters.risk ?? ''}>
            <option value="">Any</option>
            {riskLevels.map((r) => (
              <option key={r} value={r}>
                {riskLabels[r]}
              </option>
            ))}
          </select>
        </label>
        <label>
          Detected source
          <input name="source" list="sources" defaultValue={filters.source} maxLength={100} placeholder="e.g. istock" />
          <datalist id="sources">
            {knownSources.map((s) => (
              <option key={s} value={s} />
            ))}
          </datalist>
        </label>
        <label>
          Uploaded from
          <input type="date" name="uploadedFrom" defaultValue={filters.uploadedFrom} />
        </label>
        <label>
          to
          <input type="date" name="uploadedTo" defaultValue={filters.uploadedTo} />
        </label>
        <div className="filter-actions">
          <button type="submit" className="button primary">
            Apply
          </button>
          {filtered && (
            <a href={`/assets${query({ view })}`} className="button">
              Clear
            </a>
          )}
        </div>
      </form>

      <div className="toolbar">
        <nav aria-label="View" className="segmented">
          <a href={here({ view: 'grid', cursor })} aria-current={view === 'grid' ? 'page' : undefined}>
            Thumbnails
          </a>
          <a href={here({ view: 'table', cursor })} aria-current={view === 'table' ? 'page' : undefined}>
            Table
          </a>
        </nav>
        {editable && page.items.length > 0 && (
          <>
            <SelectAll form="selection" />
            <button type="submit" form="selection" className="button primary">
              Log a license for the selected
            </button>
          </>
        )}
      </div>

      {page.items.length === 0 ? (
        <EmptyState filtered={filtered} status={filters.status} hasSites={sites.items.length > 0} clearHref={`/assets${query({ view })}`} />
      ) : (
        // Selection is a plain GET form: the license page reads ?asset=…&asset=…, no script needed.
        <form id="selection" method="get" action="/licenses/new">
          {view === 'grid' ? (
            <ul className="asset-grid">
              {page.items.map((a) => (
                <li key={a.id} className="asset-card">
                  <a href={`/assets/${a.id}`} className="asset-link">
                    <Thumbnail asset={a} size={160} />
                    <span className="asset-name">{a.title || a.filename}</span>
                  </a>
                  <div className="asset-meta">
                    {editable && (
                      <input type="checkbox" name="asset" value={a.id} aria-label={`Select ${a.filename}`} />
                    )}
                    <StatusBadge status={a.coverageStatus} />
                    {(a.coverageStatus === 'uncovered' || a.coverageStatus === 'unproven') && <RiskBadge risk={a.risk} />}
                  </div>
                </li>
              ))}
            </ul>
          ) : (
            <div className="table-scroll">
              <table className="asset-table">
                <thead>
                  <tr>
                    {editable && <th scope="col"><span className="sr-only">Select</span></th>}
                    <th scope="col"><span className="sr-only">Thumbnail</span></th>
                    <th scope="col">File</th>
                    <th scope="col">Site</th>
                    <th scope="col">Status</th>
                    <th scope="col">Risk</th>
                    <th scope="col">Detected source</th>
                    <th scope="col">Uploaded</th>
                  </tr>
                </thead>
                <tbody>
                  {page.items.map((a) => (
                    <tr key={a.id}>
                      {editable && (
                        <td>
                          <input type="checkbox" name="asset" value={a.id} aria-label={`Select ${a.filename}`} />
                        </td>
                      )}
                      <td>
                        <Thumbnail asset={a} size={40} />
                      </td>
                      <td>
                        <a href={`/assets/${a.id}`} className="wrap">
                          {a.filename}
                        </a>
                      </td>
                      <td>{siteName.get(a.siteId) ?? '—'}</td>
                      <td>
                        <StatusBadge status={a.coverageStatus} />
                      </td>
                      <td>
                        <RiskBadge risk={a.risk} />
                      </td>
                      <td>{a.detectedSource ? a.detectedSource.provider : '—'}</td>
                      <td>{formatDay(a.uploadedAt)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </form>
      )}

      <nav aria-label="Pages" className="pager">
        {cursor && <a href={here({})}>First page</a>}
        {page.nextCursor && (
          <a href={here({ cursor: page.nextCursor })} rel="next">
            Next page
          </a>
        )}
      </nav>
    </>
  );
}

function EmptyState({ filtered, status, hasSites, clearHref }: { filtered: boolean; status?: CoverageStatus; hasSites: boolean; clearHref: string }) {
  if (!hasSites) {
    return (
      <div className="card empty">
        <h2>No sites yet</h2>
        <p>
          Add your WordPress site in <a href="/settings">Settings</a> and give its webhook URL and secret to the Clearance plugin. New uploads
          then appear here as they happen.
        </p>
      </div>
    );
  }
  if (status === 'uncovered' || status === 'unproven' || status === 'expired') {
    return (
      <div className="card empty">
        <h2>Nothing {statusLabels[status].toLowerCase()}</h2>
        <p>
          No asset matches — well done. <a href={clearHref}>Show every asset</a>.
        </p>
      </div>
    );
  }
  if (filtered) {
    return (
      <div className="card empty">
        <h2>No asset matches these filters</h2>
        <p>
          Try a shorter search or fewer filters, or <a href={clearHref}>clear them all</a>.
        </p>
      </div>
    );
  }
  return (
    <div className="card empty">
      <h2>No assets yet</h2>
      <p>
        Uploads arrive through the site&apos;s webhook (see <a href="/settings">Settings</a>); older media can be sent with the API (
        <code>POST /v1/sites/:id/assets</code>).
      </p>
    </div>
  );
}
