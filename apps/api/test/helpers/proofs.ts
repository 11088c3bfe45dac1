import { minimalPdf } from './documents.ts';
import type { TestApp } from './test-app.ts';

/** Attaches a proof to a license through the API, as a user would. */
export async function uploadProof(
  t: TestApp,
  licenseId: string,
  file: { content?: Buffer; filename?: string; kind?: string; token?: string } = {},
) {
  const res = await t
    .http(file.token)
    .post(`/v1/licenses/${licenseId}/proofs`)
    .field('kind', file.kind ?? 'invoice')
    .attach('file', file.content ?? minimalPdf(`Invoice for ${licenseId}`), file.filename ?? 'invoice.pdf');
  if (res.status !== 201) throw new Error(`proof upload: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: string; sha256: string; attachments: { id: string; filename: string; mimeType: string }[] };
}
