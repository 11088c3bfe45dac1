import { createHash } from 'node:crypto';
import sharp from 'sharp';
import type { LicenseSummary, PackAsset, PackInput, PackProof, TakedownInput } from '../../src/modules/claims/pack/pack.types.ts';
import { minimalPdf } from '../helpers/documents.ts';

export const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** A real picture: a diagonal gradient with a block, so re-encoding has something to keep. */
export async function picture(format: 'png' | 'jpeg' | 'webp', width = 400, height = 300): Promise<Buffer> {
  const raw = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      const block = x > width / 3 && x < width / 2 && y > height / 3 && y < height / 2;
      raw[i] = block ? 20 : (x * 255) / width;
      raw[i + 1] = block ? 20 : (y * 255) / height;
      raw[i + 2] = 128;
    }
  }
  return sharp(raw, { raw: { width, height, channels: 3 } })[format]().toBuffer();
}

export function proofOf(fields: Partial<PackProof> & { content: Buffer }): PackProof & { content: Buffer } {
  const { content, ...rest } = fields;
  return {
    id: rest.id ?? `proof-${Math.random().toString(16).slice(2, 10)}`,
    kind: 'invoice',
    filename: 'invoice.pdf',
    mimeType: 'application/pdf',
    sha256: sha256(content),
    bytes: content.length,
    licenseId: null,
    note: null,
    read: async () => content,
    ...rest,
    content,
  };
}

export const istockLicense: LicenseSummary = {
  id: 'lic-istock',
  kind: 'stock_royalty_free',
  licensor: 'iStock by Getty Images',
  sourceUrl: 'https://www.istockphoto.com/photo/beach-gm1234567',
  orderRef: 'INV-2019-0042',
  validFrom: '2019-03-01',
  expiresOn: '2024-02-28',
  territory: 'worldwide',
  usageTerms: 'Standard license: web use, unlimited impressions',
  cost: '33.00',
  currency: 'EUR',
};

export const renewalLicense: LicenseSummary = { ...istockLicense, id: 'lic-renewal', orderRef: 'INV-2024-0007', validFrom: '2024-02-29', expiresOn: null };

export const liveTakedown = (base = 'https://blog.example/wp-content/uploads/2019/03/beach'): TakedownInput => ({
  id: 'td-1',
  requestedAt: new Date('2025-06-02T09:00:00Z'),
  status: 'live',
  verifiedAt: null,
  checks: [
    { url: `${base}.jpg`, statusCode: 404, error: null, checkedAt: new Date('2025-06-02T09:01:00Z') },
    { url: `${base}-300x200.jpg`, statusCode: 200, error: null, checkedAt: new Date('2025-06-02T09:01:01Z') },
    { url: `${base}-scaled.jpg`, statusCode: 200, error: null, checkedAt: new Date('2025-06-02T09:01:02Z') },
    { url: `${base}-1024x768.jpg`, statusCode: 410, error: null, checkedAt: new Date('2025-06-02T09:01:03Z') },
    { url: `${base}.webp`, statusCode: 404, error: null, checkedAt: new Date('2025-06-02T09:01:04Z') },
  ],
});

export async function assetOf(overrides: Partial<PackAsset> = {}): Promise<PackAsset> {
  return {
    id: 'asset-1',
    filename: 'iStock-1234567-beach.jpg',
    title: 'Strand bei Sonnenuntergang',
    site: { name: 'Bäckerei Müller Blog', baseUrl: 'https://blog.example' },
    uploadedAt: new Date('2019-03-02T10:15:00Z'),
    image: await picture('webp', 320, 240),
    rights: { creator: 'Jürgen Weiß', credit: 'Getty Images/iStockphoto', copyrightNotice: '© 2018 Jürgen Weiß', source: null },
    detectedSource: { provider: 'istock', assetId: '1234567', suggestedKind: 'stock_royalty_free', confidence: 0.9, evidence: ['filename iStock-1234567', 'IPTC credit Getty Images/iStockphoto'] },
    urls: ['https://blog.example/wp-content/uploads/2019/03/beach.jpg', 'https://blog.example/wp-content/uploads/2019/03/beach-300x200.jpg'],
    usages: [{ pageUrl: 'https://blog.example/2019/03/sommer-am-strand/', firstSeenAt: new Date('2019-03-02T11:00:00Z'), lastSeenAt: new Date('2025-05-30T08:00:00Z') }],
    // As the assessment judges it: the first recorded use (2019-03-02) is earlier than the claimed day.
    useDay: '2019-03-02',
    stance: 'licensed',
    hosted: true,
    licensesAtUse: [istockLicense],
    licensesNow: [renewalLicense],
    takedowns: [],
    ...overrides,
  };
}

/** A licensed iStock image with its invoice, claimed by Copytrack; everything a real pack has. */
export async function sampleInput(overrides: Partial<PackInput> = {}): Promise<PackInput & { proofs: Array<PackProof & { content: Buffer }> }> {
  const invoice = proofOf({ id: 'proof-invoice', kind: 'invoice', filename: 'iStock-Rechnung INV-2019-0042.pdf', content: minimalPdf('Invoice INV-2019-0042'), licenseId: 'lic-istock' });
  const letter = proofOf({ id: 'proof-letter', kind: 'claim_letter', filename: 'copytrack-letter.txt', mimeType: 'text/plain', content: Buffer.from('Sehr geehrte Damen und Herren, ... Forderung 300,00 €\n', 'utf8') });
  const input: PackInput = {
    generatedAt: new Date('2025-06-03T12:00:00Z'),
    auditHead: { seq: '42', hash: 'a'.repeat(64) },
    claim: {
      id: 'claim-1',
      caseRef: 'CT-2025-04711',
      agency: 'copytrack',
      rightsHolder: 'Jürgen Weiß Fotografie',
      receivedOn: '2025-05-28',
      deadlineOn: '2025-06-11',
      claimedUseOn: '2023-07-14',
      amount: '300.00',
      currency: 'EUR',
      infringingUrls: ['https://blog.example/2019/03/sommer-am-strand/'],
      status: 'matched',
      notes: 'Letter says 300,00 € for "unlicensed use"; Straße & Söhne mentioned.',
    },
    stance: 'licensed',
    stanceReason: 'A stock license (iStock, INV-2019-0042) covered the claimed day and an invoice backs it.',
    claimImage: { filename: 'screenshot.png', mimeType: 'image/png', bytes: await picture('png') },
    // The asset's own stance is the claim's, as the assessment gives it for a claim of one image.
    assets: [await assetOf({ stance: overrides.stance ?? 'licensed' })],
    proofs: [invoice, letter],
    events: [
      { type: 'letter_received', at: new Date('2025-05-28T08:00:00Z'), note: 'by e-mail', amount: '300.00', currency: 'EUR' },
      { type: 'note', at: new Date('2025-05-29T08:00:00Z'), note: 'found the invoice in the old iStock account', amount: null, currency: null },
    ],
    ...overrides,
  };
  return input as PackInput & { proofs: Array<PackProof & { content: Buffer }> };
}
