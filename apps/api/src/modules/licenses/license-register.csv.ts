import { Readable } from 'node:stream';
import type { PrismaClient } from '@clearance/db';
import { stringify } from 'csv-stringify';
import { fromDbDate } from '../../lib/dates.ts';
import { siteScope } from '../../lib/scope.ts';
import type { Auth } from '../../plugins/auth.ts';

const columns = [
  'asset_id', 'site', 'filename', 'coverage_status', 'license_id', 'license_kind', 'licensor',
  'source_url', 'order_ref', 'valid_from', 'expires_on', 'cost', 'currency', 'proof_count',
];

/** Spreadsheets run cells that start with these as formulas (CSV injection); make them text. */
function cell(value: string | number | null): string | number {
  if (value === null) return '';
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(value)) return `'${value}`;
  return value;
}

/**
 * The license register: one row per asset and license (an asset without a license gets one row
 * with empty license columns), streamed in batches so that the size of the library does not matter.
 */
export function licenseRegisterCsv(prisma: PrismaClient, auth: Auth): Readable {
  async function* rows() {
    let after: string | undefined;
    for (;;) {
      const assets = await prisma.asset.findMany({
        where: { ...siteScope(auth), ...(after ? { id: { gt: after } } : {}) },
        orderBy: { id: 'asc' },
        take: 500,
        include: {
          site: { select: { name: true } },
          licenses: { include: { license: { include: { _count: { select: { proofs: { where: { deletedAt: null } } } } } } } },
        },
      });
      if (assets.length === 0) return;
      for (const asset of assets) {
        const base = [asset.id, asset.site.name, asset.filename, asset.coverageStatus];
        if (asset.licenses.length === 0) yield [...base, '', '', '', '', '', '', '', '', '', 0].map(cell);
        for (const { license: l } of asset.licenses) {
          yield [
            ...base, l.id, l.kind, l.licensor, l.sourceUrl, l.orderRef, fromDbDate(l.validFrom), fromDbDate(l.expiresOn),
            l.cost === null ? null : l.cost.toFixed(2), l.currency, l._count.proofs,
          ].map(cell);
        }
      }
      after = assets.at(-1)!.id;
    }
  }
  return Readable.from(rows()).pipe(stringify({ header: true, columns }));
}
