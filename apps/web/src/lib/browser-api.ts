import { ApiError, apiRequest, toApiError, type ApiRequest } from './api';

/** The session's CSRF token, rendered by the dashboard layout as <meta name="csrf-token">. */
export function csrfToken(): string {
  return document.querySelector<HTMLMetaElement>('meta[name="csrf-token"]')?.content ?? '';
}

/** A mutation from the browser through the same-origin /api proxy, with the CSRF header. */
export function send<T>(method: NonNullable<ApiRequest['method']>, path: string, body?: unknown): Promise<T> {
  return apiRequest<T>(path, { method, body, csrfToken: csrfToken() });
}

/**
 * Multipart upload with progress events: fetch() reports no upload progress, XMLHttpRequest does.
 * `onProgress` gets the fraction sent (0..1).
 */
export function uploadWithProgress<T>(path: string, form: FormData, onProgress: (fraction: number) => void): Promise<T> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api${path}`);
    xhr.setRequestHeader('accept', 'application/json, application/problem+json');
    xhr.setRequestHeader('x-csrf-token', csrfToken());
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
    xhr.onerror = () => reject(new Error('The upload did not reach the server'));
    xhr.onload = () => {
      const res = new Response(xhr.responseText || null, {
        status: xhr.status,
        headers: { 'content-type': xhr.getResponseHeader('content-type') ?? '' },
      });
      // Settles on every outcome, a 2xx body that is not JSON included (an async onload would have
      // left the upload pending forever).
      const answer = async () => {
        if (!res.ok) throw await toApiError(res);
        const result = (await res.json()) as T;
        onProgress(1);
        return result;
      };
      answer().then(resolve, reject);
    };
    xhr.send(form);
  });
}

/** One line a person can act on, from any failure. */
export function describeError(err: unknown): string {
  if (err instanceof ApiError) {
    const fields = err.problem?.errors?.map((e) => `${e.pointer.replace(/^\/body\//, '')}: ${e.detail}`) ?? [];
    return [err.problem?.detail ?? err.title, ...fields].join(' — ');
  }
  return err instanceof Error ? err.message : String(err);
}
