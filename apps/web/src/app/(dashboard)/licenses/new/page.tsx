import { licenseKinds, type AssetDetail } from '@clearance/contracts';
import type { Metadata } from 'next';
import { StatusBadge } from '../../../../components/badges';
import { LicenseForm, type LicensePrefill } from '../../../../components/license-form';
import { Thumbnail } from '../../../../components/thumbnail';
import { all, knownSources } from '../../../../lib/format';
import { loadOptional, requireSession } from '../../../../lib/server-api';
import { canEdit } from '../../../../lib/session';

export const metadata: Metadata = { title: 'Log a license' };

const MAX_ASSETS = 200;
const isDay = (v: string | null | undefined): v is string => !!v && /^\d{4}-\d{2}-\d{2}/.test(v);
const isUrl = (v: string | null | undefined): v is string => !!v && /^https?:\/\/\S+$/i.test(v);

/** What the selected assets agree on: a value shared by every asset that has one. */
function agreed(values: (string | null | undefined)[]): string | undefined {
  const present = [...new Set(values.filter((v): v is string => !!v && v.trim() !== ''))];
  return present.length === 1 ? present[0] : undefined;
}

/** Pre-fills the form from the detected source and the rights metadata the files carry. */
function prefillFrom(assets: AssetDetail[]): LicensePrefill {
  const kind = agreed(assets.map((a) => a.detectedSource?.suggestedKind));
  const rights = (f: keyof AssetDetail['rights']) => agreed(assets.map((a) => a.rights[f]));
  const sourceUrl = [rights('webStatement'), rights('licensorUrl')].find(isUrl);
  const start = rights('plusLicenseStart');
  const end = rights('plusLicenseEnd');
  return {
    kind: kind && (licenseKinds as readonly string[]).includes(kind) ? kind : undefined,
    licensor: rights('licensorName') ?? agreed(assets.map((a) => a.detectedSource?.provider)) ?? rights('imageSupplier') ?? rights('copyrightOwner'),
    sourceUrl,
    orderRef: rights('plusLicenseId') ?? rights('imageSupplierImageId') ?? agreed(assets.map((a) => a.detectedSource?.providerAssetId)),
    validFrom: isDay(start) ? start.slice(0, 10) : undefined,
    expiresOn: isDay(end) ? end.slice(0, 10) : undefined,
    usageTerms: rights('usageTerms'),
    attributionText: rights('credit') ?? rights('creator'),
  };
}

export default async function NewLicensePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const ids = [...new Set(all((await searchParams).asset))].filter((id) => id.length <= 64).slice(0, MAX_ASSETS);
  const { user } = await requireSession();
  if (!canEdit(user)) {
    return (
      <>
        <h1>Log a license</h1>
        <p className="problem" role="alert">
          Your role ({user.role}) can look but not change anything. Ask an editor or administrator.
        </p>
      </>
    );
  }
  const assets = (await Promise.all(ids.map((id) => loadOptional<AssetDetail>(`/v1/assets/${encodeURIComponent(id)}`)))).filter(
    (a): a is AssetDetail => a !== null && a.coverageStatus !== 'removed',
  );
  if (assets.length === 0) {
    return (
      <>
        <h1>Log a license</h1>
        <div className="card empty">
          <p>
            Choose the assets the license covers first: tick them in the <a href="/assets?status=uncovered">asset list</a>, then press
            “Log a license for the selected”.
          </p>
        </div>
      </>
    );
  }
  const sites = new Set(assets.map((a) => a.siteId));

  return (
    <>
      <h1>Log a license</h1>
      <p className="lead">
        For {assets.length} asset{assets.length === 1 ? '' : 's'}. Fields are pre-filled from the detected source and the files&apos; metadata —
        check them against your receipt.
      </p>
      {sites.size > 1 && (
        <p className="problem" role="alert">
          These assets belong to {sites.size} different sites; a license belongs to one site. Select assets of one site.
        </p>
      )}
      <ul className="selected-assets" aria-label="Assets this license covers">
        {assets.map((a) => (
          <li key={a.id}>
            <Thumbnail asset={a} size={48} />
            <a href={`/assets/${a.id}`} className="wrap">
              {a.filename}
            </a>
            <StatusBadge status={a.coverageStatus} />
            {a.detectedSource && <small className="muted">likely {a.detectedSource.provider}</small>}
          </li>
        ))}
      </ul>
      <LicenseForm assetIds={assets.map((a) => a.id)} prefill={prefillFrom(assets)} sources={knownSources} />
    </>
  );
}
