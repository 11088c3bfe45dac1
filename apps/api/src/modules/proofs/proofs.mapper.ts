import type { Proof as ProofContract } from '@clearance/contracts';
import type { Proof } from '@clearance/db';

export function mapProof(row: Proof): ProofContract {
  return {
    id: row.id,
    licenseId: row.licenseId,
    claimId: row.claimId,
    parentProofId: row.parentProofId,
    kind: row.kind,
    filename: row.filename,
    mimeType: row.mimeType,
    bytes: Number(row.bytes),
    sha256: row.sha256,
    note: row.note,
    details: row.details ?? null,
    uploadedBy: row.uploadedBy,
    createdAt: row.createdAt.toISOString(),
    downloadUrl: `/v1/proofs/${row.id}/download`,
  };
}
