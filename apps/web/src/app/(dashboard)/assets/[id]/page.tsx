import { rightsFields, rightsLabels, servedUrlStanding, type AssetDetail, type Takedown } from '@clearance/contracts';
import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { ActionButton } from '../../../../components/action-button';
import { RiskBadge, StatusBadge } from '../../../../components/badges';
import { TakedownResult } from '../../../../components/takedown-result';
import { Thumbnail } from '../../../../components/thumbnail';
import { formatBytes, formatDay, formatMoney, formatTime, kindLabel, statusHints } from '../../../../lib/format';
import { loadOptional, requireSession } from '../../../../lib/server-api';
import { canEdit } from '../../../../lib/session';
import type { Site } from '../../../../lib/types';

export const metadata: Metadata = { title: 'Asset' };

type AuditEvent = { seq: string; at: string; actor: string; action: string; entityType: string };


const isLink = (v: string) => /^https?:\/\//i.test(v);

export default async function AssetPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  if (id.length > 64) notFound();
  const [{ user }, asset, audit] = await Promise.all([
    requireSession(),
    loadOptional<AssetDetail>(`/v1/assets/${encodeURIComponent(id)}`),
    loadOptional<{ items: AuditEvent[] }>(`/v1/audit/events?entityType=asset&entityId=${encodeURIComponent(id)}&limit=50`),
  ]);
  if (!asset) notFound();
  const [site, takedowns] = await Promise.all([
    loadOptional<Site>(`/v1/sites/${asset.siteId}`),
    loadOptional<{ items: { id: string }[] }>(`/v1/assets/${encodeURIComponent(id)}/takedowns?limit=1`),
  ]);
  const lastTakedownId = takedowns?.items[0]?.id;
  const lastTakedown = lastTakedownId ? await loadOptional<Takedown>(`/v1/takedowns/${lastTakedownId}`) : null;
  const rights = rightsFields.filter((f) => asset.rights[f]);
  const editable = canEdit(user) && asset.coverageStatus !== 'removed';

  return (
    <>
      <p className="breadcrumb">
        <a href="/assets">Assets</a> {site && <>/ <a href={`/assets?siteId=${site.id}`}>{site.name}</a></>}
      </p>
      <h1 className="wrap">{asset.title || asset.filename}</h1>
      <p className="lead">
        <StatusBadge status={asset.coverageStatus} /> <span className="muted">{statusHints[asset.coverageStatus]}</span>{' '}
        {(asset.coverageStatus === 'uncovered' || asset.coverageStatus === 'unproven') && <RiskBadge risk={asset.risk} />}
      </p>
      {editable && (
        <p>
          <a className="button primary" href={`/licenses/new?asset=${asset.id}`}>
            Log a license
          </a>
        </p>
      )}

      <div className="asset-head">
        <figure className="asset-image">
          {asset.thumbnailUrl ? (
            <img src={`/api${asset.thumbnailUrl}`} alt={asset.title ?? asset.filename} width={asset.width ?? undefined} height={asset.height ?? undefined} />
          ) : (
            <Thumbnail asset={asset} size={200} />
          )}
          {asset.originalUrl && (
            <figcaption>
              <a href={`/api${asset.originalUrl}`} download>
                Download the original
              </a>{' '}
              ({formatBytes(asset.bytes)})
            </figcaption>
          )}
        </figure>
        <dl className="facts">
          <dt>File</dt>
          <dd className="wrap">{asset.filename}</dd>
          <dt>Type</dt>
          <dd>
            {asset.mimeType}
            {asset.width && asset.height ? `, ${asset.width} × ${asset.height}` : ''}
          </dd>
          <dt>Uploaded</dt>
          <dd>
            {formatTime(asset.uploadedAt)}
            {asset.uploadedBy ? ` by ${asset.uploadedBy}` : ''}
          </dd>
          {asset.cmsId && (
            <>
              <dt>CMS id</dt>
              <dd>{asset.cmsId}</dd>
            </>
          )}
          {asset.sha256 && (
            <>
              <dt>SHA-256</dt>
              <dd className="wrap mono">{asset.sha256}</dd>
            </>
          )}
          {asset.aiGenerated && (
            <>
              <dt>AI</dt>
              <dd>The file&apos;s metadata marks it as AI-generated</dd>
            </>
          )}
          {asset.metadataError && (
            <>
              <dt>Metadata</dt>
              <dd>Could not be fully read: {asset.metadataError}</dd>
            </>
          )}
          {asset.truncatedText.length > 0 && (
            <>
              <dt>Shortened</dt>
              <dd>
                {asset.truncatedText.map((t) => `${t.field}: ${t.keptLength.toLocaleString('en')} of ${t.originalLength.toLocaleString('en')} characters kept`).join('; ')}
              </dd>
            </>
          )}
        </dl>
      </div>

      <section className="card" aria-labelledby="source-heading">
        <h2 id="source-heading">Detected source</h2>
        {asset.detectedSource ? (
          <>
            <p>
              Likely <strong>{asset.detectedSource.provider}</strong>
              {asset.detectedSource.providerAssetId && <> (asset {asset.detectedSource.providerAssetId})</>}, confidence{' '}
              {Math.round(asset.detectedSource.confidence * 100)} %
              {asset.detectedSource.suggestedKind && <>; suggests a {kindLabel(asset.detectedSource.suggestedKind).toLowerCase()} license</>}.
            </p>
            <h3>Evidence</h3>
            <ul>
              {asset.detectedSource.evidence.map((e) => (
                <li key={e} className="wrap">
                  {e}
                </li>
              ))}
            </ul>
          </>
        ) : (
          <p className="muted">Nothing in the filename or metadata points to a known source.</p>
        )}
      </section>

      <section className="card" aria-labelledby="licenses-heading">
        <h2 id="licenses-heading">Licenses</h2>
        {asset.licenses.length === 0 ? (
          <p className="muted">No license recorded. {editable && <a href={`/licenses/new?asset=${asset.id}`}>Log one</a>}</p>
        ) : (
          <ul className="plain-list">
            {asset.licenses.map((l) => (
              <li key={l.id} className="license-item">
                <strong>{kindLabel(l.kind)}</strong>
                {l.ccVariant && ` (${l.ccVariant})`}
                {l.licensor && ` from ${l.licensor}`}
                <br />
                <small>
                  {l.validFrom ? `from ${formatDay(l.validFrom)} ` : ''}
                  {l.expiresOn ? `until ${formatDay(l.expiresOn)}` : 'perpetual'}
                  {l.orderRef && ` · ref ${l.orderRef}`}
                  {l.cost !== null && ` · ${formatMoney(l.cost, l.currency)}`} · {l.proofCount} proof{l.proofCount === 1 ? '' : 's'}
                  {l.assetCount > 1 && ` · covers ${l.assetCount} assets`}
                </small>
                {l.sourceUrl && (
                  <>
                    <br />
                    <a href={l.sourceUrl} rel="noreferrer noopener" className="wrap">
                      {l.sourceUrl}
                    </a>
                  </>
                )}
                {l.usageTerms && <p className="terms">{l.usageTerms}</p>}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="card" aria-labelledby="proofs-heading">
        <h2 id="proofs-heading">Proofs</h2>
        {asset.proofs.length === 0 ? (
          <p className="muted">No proof document stored.</p>
        ) : (
          <ul className="plain-list">
            {asset.proofs.map((p) => (
              <li key={p.id}>
                <a href={`/api/v1/proofs/${p.id}/download`} download>
                  {p.filename}
                </a>{' '}
                <small className="muted">
                  {p.kind.replace(/_/g, ' ')} · added {formatDay(p.createdAt)} · SHA-256 <span className="mono">{p.sha256.slice(0, 12)}…</span>
                </small>
              </li>
            ))}
          </ul>
        )}
      </section>

      <div className="columns">
        <section className="card" aria-labelledby="urls-heading">
          <h2 id="urls-heading">Served at</h2>
          {asset.urls.length === 0 ? (
            <p className="muted">No URL recorded.</p>
          ) : (
            <ul className="plain-list">
              {asset.urls.map((u) => (
                <li key={u.url} className="wrap">
                  {/* Only the site's own http(s) URLs are links; any other host (or an unknown site) is shown as text. */}
                  {site && servedUrlStanding(u.url, site.baseUrl) === 'own' ? (
                    <a href={u.url} rel="noreferrer noopener">
                      {u.url}
                    </a>
                  ) : (
                    <span title="Not on the site's own host: not linked">{u.url}</span>
                  )}{' '}
                  <small className="muted">
                    {u.sizeName ?? u.kind}
                    {u.width && u.height ? ` ${u.width}×${u.height}` : ''}
                  </small>
                </li>
              ))}
            </ul>
          )}
        </section>

        <section className="card" aria-labelledby="rights-heading">
          <h2 id="rights-heading">Rights metadata</h2>
          {rights.length === 0 ? (
            <p className="muted">The file carries no rights metadata.</p>
          ) : (
            <dl className="facts">
              {rights.map((f) => (
                <div key={f} className="fact">
                  <dt>{rightsLabels[f]}</dt>
                  <dd className="wrap">{isLink(asset.rights[f]!) ? <a href={asset.rights[f]!} rel="noreferrer noopener">{asset.rights[f]}</a> : asset.rights[f]}</dd>
                </div>
              ))}
            </dl>
          )}
        </section>
      </div>

      <div className="columns">
        <section className="card" aria-labelledby="usages-heading">
          <h2 id="usages-heading">Used on</h2>
          {asset.usages.length === 0 ? (
            <p className="muted">No page using it has been recorded.</p>
          ) : (
            <ul className="plain-list">
              {asset.usages.map((u) => (
                <li key={u.pageUrl} className="wrap">
                  <a href={u.pageUrl} rel="noreferrer noopener">
                    {u.pageUrl}
                  </a>{' '}
                  <small className="muted">
                    {formatDay(u.firstSeenAt)} – {formatDay(u.lastSeenAt)}
                  </small>
                </li>
              ))}
            </ul>
          )}
        </section>

        <section className="card" aria-labelledby="takedown-heading">
          <h2 id="takedown-heading">Removal</h2>
          {lastTakedown ? (
            <TakedownResult takedown={lastTakedown} editable={canEdit(user)} />
          ) : (
            <p className="muted">No takedown yet. After removing the image from the site, check that every URL it was served under is gone.</p>
          )}
          {canEdit(user) && !lastTakedown && <ActionButton method="POST" path={`/v1/assets/${asset.id}/takedowns`} body={{}} label="Check that it is gone" />}
        </section>

        <section className="card" aria-labelledby="claims-heading">
          <h2 id="claims-heading">Claims</h2>
          {asset.claims.length === 0 ? (
            <p className="muted">No claim concerns this asset.</p>
          ) : (
            <ul className="plain-list">
              {asset.claims.map((c) => (
                <li key={c.id}>
                  <a href={`/claims/${c.id}`}>
                    {c.agency}
                    {c.caseRef ? ` ${c.caseRef}` : ''}
                  </a>{' '}
                  <span className="badge">{c.status}</span>
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>

      <section className="card" aria-labelledby="history-heading">
        <h2 id="history-heading">History</h2>
        {!audit || audit.items.length === 0 ? (
          <p className="muted">No recorded changes.</p>
        ) : (
          <ol className="timeline">
            {audit.items.map((e) => (
              <li key={e.seq}>
                <time dateTime={e.at}>{formatTime(e.at)}</time> — {e.action.replace(/[._]/g, ' ')} <small className="muted">by {e.actor}</small>
              </li>
            ))}
          </ol>
        )}
      </section>
    </>
  );
}
