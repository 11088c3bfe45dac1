'use client';

import { licenseKinds, proofKinds, type CoverageStatus, type LicenseDetail, type ProofKind } from '@clearance/contracts';
import { useRef, useState, type DragEvent, type FormEvent } from 'react';
import { asyncHandler } from '../lib/async-handler';
import { apiRequest } from '../lib/api';
import { describeError, send, uploadWithProgress } from '../lib/browser-api';
import { formatBytes, licenseKindLabels, statusLabels } from '../lib/format';

export type LicensePrefill = Partial<Record<
  'kind' | 'licensor' | 'sourceUrl' | 'orderRef' | 'validFrom' | 'expiresOn' | 'usageTerms' | 'attributionText' | 'ccVariant',
  string
>>;

type Pending = { key: number; file: File; kind: ProofKind; progress: number; state: 'waiting' | 'uploading' | 'done' | 'failed'; error?: string };

const proofKindLabels: Record<ProofKind, string> = {
  receipt: 'Receipt',
  invoice: 'Invoice',
  license_certificate: 'License certificate',
  permission_email: 'Permission e-mail',
  license_page_snapshot: 'License page snapshot',
  screenshot: 'Screenshot',
  claim_letter: 'Claim letter',
  correspondence: 'Correspondence',
  removal_certificate: 'Removal certificate',
  other: 'Other',
};

function guessKind(file: File): ProofKind {
  if (/\.eml$/i.test(file.name) || file.type === 'message/rfc822') return 'permission_email';
  if (/invoice/i.test(file.name)) return 'invoice';
  if (file.type.startsWith('image/')) return 'screenshot';
  if (file.type === 'application/pdf' || /\.pdf$/i.test(file.name)) return 'receipt';
  return 'other';
}

let nextKey = 0;

export function LicenseForm({ assetIds, prefill, sources }: { assetIds: string[]; prefill: LicensePrefill; sources: string[] }) {
  const [files, setFiles] = useState<Pending[]>([]);
  const [dragging, setDragging] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [licenseId, setLicenseId] = useState<string | null>(null);
  const [result, setResult] = useState<LicenseDetail | null>(null);
  const [kind, setKind] = useState(prefill.kind ?? '');
  const input = useRef<HTMLInputElement>(null);

  function add(list: FileList | null) {
    if (!list) return;
    const added = Array.from(list).map((file) => ({ key: nextKey++, file, kind: guessKind(file), progress: 0, state: 'waiting' as const }));
    setFiles((current) => [...current, ...added]);
  }
  const patch = (key: number, change: Partial<Pending>) => setFiles((current) => current.map((f) => (f.key === key ? { ...f, ...change } : f)));

  function onDrop(event: DragEvent<HTMLDivElement>) {
    event.preventDefault();
    setDragging(false);
    add(event.dataTransfer.files);
  }

  async function uploadAll(id: string): Promise<boolean> {
    let ok = true;
    for (const pending of files) {
      if (pending.state === 'done') continue;
      patch(pending.key, { state: 'uploading', progress: 0, error: undefined });
      const form = new FormData();
      form.append('kind', pending.kind); // fields before the file: the API reads the form in order
      form.append('file', pending.file, pending.file.name);
      try {
        await uploadWithProgress(`/v1/licenses/${id}/proofs`, form, (progress) => patch(pending.key, { progress }));
        patch(pending.key, { state: 'done', progress: 1 });
      } catch (err) {
        ok = false;
        patch(pending.key, { state: 'failed', error: describeError(err) });
      }
    }
    return ok;
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const body: Record<string, unknown> = { assetIds, attributionRequired: form.get('attributionRequired') === 'on' };
    for (const [name, value] of form.entries()) {
      if (typeof value !== 'string' || name === 'attributionRequired' || value.trim() === '') continue;
      body[name] = name === 'cost' ? Number(value) : name === 'currency' ? value.trim().toUpperCase() : value.trim();
    }
    setBusy(true);
    setError(null);
    try {
      let id = licenseId;
      if (!id) {
        id = (await send<{ id: string }>('POST', '/v1/licenses', body)).id;
        setLicenseId(id);
      }
      const uploaded = await uploadAll(id);
      setResult(await apiRequest<LicenseDetail>(`/v1/licenses/${id}`));
      if (!uploaded) setError('The license is saved, but some proofs did not upload. Fix or remove them and press the button again.');
    } catch (err) {
      setError(describeError(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={asyncHandler(onSubmit)} className="license-form" aria-busy={busy}>
      <fieldset disabled={licenseId !== null} className="grid-fields">
        <legend>License</legend>
        <label>
          Kind
          <select name="kind" required value={kind} onChange={(e) => setKind(e.target.value)}>
            <option value="">Choose…</option>
            {licenseKinds.map((k) => (
              <option key={k} value={k}>
                {licenseKindLabels[k]}
              </option>
            ))}
          </select>
        </label>
        {kind === 'creative_commons' && (
          <label>
            Creative Commons variant
            <input name="ccVariant" defaultValue={prefill.ccVariant} placeholder="CC BY-SA 4.0" maxLength={50} />
          </label>
        )}
        <label>
          Licensor
          <input name="licensor" defaultValue={prefill.licensor} list="known-sources" maxLength={300} placeholder="iStock, the photographer, …" />
          <datalist id="known-sources">
            {sources.map((s) => (
              <option key={s} value={s} />
            ))}
          </datalist>
        </label>
        <label>
          Source URL
          <input name="sourceUrl" type="url" defaultValue={prefill.sourceUrl} placeholder="https://" maxLength={2048} />
        </label>
        <label>
          Order or invoice reference
          <input name="orderRef" defaultValue={prefill.orderRef} maxLength={200} />
        </label>
        <label>
          Obtained on
          <input name="obtainedOn" type="date" />
        </label>
        <label>
          Valid from
          <input name="validFrom" type="date" defaultValue={prefill.validFrom} />
        </label>
        <label>
          Expires on <small>(last valid day; empty = perpetual)</small>
          <input name="expiresOn" type="date" defaultValue={prefill.expiresOn} />
        </label>
        <label>
          Cost
          <input name="cost" type="number" min="0" step="0.01" inputMode="decimal" />
        </label>
        <label>
          Currency
          <input name="currency" pattern="[A-Za-z]{3}" maxLength={3} placeholder="EUR" />
        </label>
        <label>
          Territory
          <input name="territory" maxLength={300} placeholder="Worldwide" />
        </label>
        <label>
          Media scope
          <input name="mediaScope" maxLength={300} placeholder="Web" />
        </label>
        <label className="wide">
          Terms
          <textarea name="usageTerms" rows={3} defaultValue={prefill.usageTerms} maxLength={10000} />
        </label>
        <label className="checkbox">
          <input name="attributionRequired" type="checkbox" defaultChecked={Boolean(prefill.attributionText)} /> Attribution required
        </label>
        <label>
          Attribution text
          <input name="attributionText" defaultValue={prefill.attributionText} maxLength={1000} />
        </label>
        <label className="wide">
          Notes
          <textarea name="notes" rows={2} maxLength={10000} />
        </label>
      </fieldset>

      <fieldset>
        <legend>Proofs</legend>
        <div
          className={dragging ? 'dropzone dragging' : 'dropzone'}
          data-testid="dropzone"
          onDragEnter={(e) => {
            e.preventDefault();
            setDragging(true);
          }}
          onDragOver={(e) => e.preventDefault()}
          onDragLeave={() => setDragging(false)}
          onDrop={onDrop}
        >
          <p>Drop receipts, invoices, permission e-mails (.eml) or license-page screenshots here</p>
          <label className="button small">
            or choose files
            <input ref={input} type="file" multiple className="visually-hidden" onChange={(e) => { add(e.target.files); e.target.value = ''; }} />
          </label>
        </div>
        {files.length > 0 && (
          <ul className="files" aria-label="Proofs to upload">
            {files.map((f) => (
              <li key={f.key}>
                <span className="file-name">{f.file.name}</span> <small>{formatBytes(f.file.size)}</small>
                <select
                  aria-label={`Kind of ${f.file.name}`}
                  value={f.kind}
                  disabled={f.state === 'done' || f.state === 'uploading'}
                  onChange={(e) => patch(f.key, { kind: e.target.value as ProofKind })}
                >
                  {proofKinds.map((k) => (
                    <option key={k} value={k}>
                      {proofKindLabels[k]}
                    </option>
                  ))}
                </select>
                <progress max={1} value={f.progress} aria-label={`Upload of ${f.file.name}`} />
                <span className={`upload-${f.state}`}>{f.state === 'done' ? 'Uploaded' : f.state === 'failed' ? f.error : f.state === 'uploading' ? `${Math.round(f.progress * 100)} %` : ''}</span>
                {f.state !== 'done' && f.state !== 'uploading' && (
                  <button type="button" className="link-button" onClick={() => setFiles((c) => c.filter((x) => x.key !== f.key))}>
                    Remove
                  </button>
                )}
              </li>
            ))}
          </ul>
        )}
      </fieldset>

      {error && (
        <p role="alert" className="problem">
          {error}
        </p>
      )}
      {result ? (
        <section className="card result" role="status" aria-labelledby="result-heading">
          <h2 id="result-heading">License saved</h2>
          <p>
            {result.proofCount} proof{result.proofCount === 1 ? '' : 's'} attached. The assets are now:
          </p>
          <ul>
            {result.assets.map((a) => (
              <li key={a.id}>
                <a href={`/assets/${a.id}`}>{a.filename}</a> <StatusText status={a.coverageStatus} />
              </li>
            ))}
          </ul>
          {files.some((f) => f.state !== 'done') && (
            <button type="submit" className="button primary" disabled={busy}>
              Upload the remaining proofs
            </button>
          )}
        </section>
      ) : (
        <button type="submit" className="button primary" disabled={busy}>
          {busy ? 'Saving…' : `Save license for ${assetIds.length} asset${assetIds.length === 1 ? '' : 's'}`}
        </button>
      )}
    </form>
  );
}

function StatusText({ status }: { status: CoverageStatus }) {
  return <span className={`badge status-${status}`}>{statusLabels[status]}</span>;
}
