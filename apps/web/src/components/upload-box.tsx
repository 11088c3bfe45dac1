'use client';

import { useRouter } from 'next/navigation';
import { useState, type DragEvent } from 'react';
import { describeError, uploadWithProgress } from '../lib/browser-api';

/**
 * One file to one multipart route, by drop or by picking, with upload progress; the page then
 * re-renders from the server. `fields` go before the file, as the API reads them in order.
 */
export function UploadBox({
  path,
  label,
  fields = {},
  accept,
  onResult,
}: {
  path: string;
  label: string;
  fields?: Record<string, string>;
  accept?: string;
  onResult?: (result: unknown) => void;
}) {
  const router = useRouter();
  const [progress, setProgress] = useState<number | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [dragging, setDragging] = useState(false);

  async function upload(file: File | undefined) {
    if (!file) return;
    const form = new FormData();
    for (const [k, v] of Object.entries(fields)) form.append(k, v);
    form.append('file', file, file.name);
    setMessage(null);
    setProgress(0);
    try {
      const result = await uploadWithProgress(path, form, setProgress);
      setMessage({ ok: true, text: `${file.name} uploaded` });
      onResult?.(result);
      router.refresh();
    } catch (err) {
      setMessage({ ok: false, text: describeError(err) });
    } finally {
      setProgress(null);
    }
  }

  return (
    <div
      className={dragging ? 'dropzone dragging' : 'dropzone'}
      onDragEnter={(e) => {
        e.preventDefault();
        setDragging(true);
      }}
      onDragOver={(e) => e.preventDefault()}
      onDragLeave={() => setDragging(false)}
      onDrop={(e: DragEvent<HTMLDivElement>) => {
        e.preventDefault();
        setDragging(false);
        void upload(e.dataTransfer.files[0]);
      }}
    >
      <label className="button small">
        {label}
        <input
          type="file"
          accept={accept}
          className="visually-hidden"
          onChange={(e) => {
            void upload(e.target.files?.[0]);
            e.target.value = '';
          }}
        />
      </label>
      <p className="muted small">or drop the file here</p>
      {progress !== null && <progress max={1} value={progress} aria-label={`${label}: upload progress`} />}
      {message && (
        <p role={message.ok ? 'status' : 'alert'} className={message.ok ? 'upload-done' : 'upload-failed'}>
          {message.text}
        </p>
      )}
    </div>
  );
}
