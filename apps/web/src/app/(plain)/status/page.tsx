import type { Health } from '@clearance/contracts';
import { ApiError, ApiUnreachableError, apiBaseUrl, apiGet } from '../../../lib/api';

// The API is only reachable at run time; never prerender this page during `next build`.
export const dynamic = 'force-dynamic';

type HealthResult = { ok: true; health: Health } | { ok: false; message: string; hint: string };

async function loadHealth(): Promise<HealthResult> {
  try {
    return { ok: true, health: await apiGet<Health>('/health') };
  } catch (err) {
    if (err instanceof ApiUnreachableError) {
      return { ok: false, message: err.message, hint: 'Start the API, or set CLEARANCE_API_URL to where it runs.' };
    }
    if (err instanceof ApiError) {
      return { ok: false, message: `API at ${apiBaseUrl()} answered ${err.status} (${err.code})`, hint: err.title };
    }
    throw err;
  }
}

export default async function HomePage() {
  const result = await loadHealth();
  return (
    <>
      <h1>Clearance</h1>
      <p className="lead">Know which images on your WordPress sites you are allowed to use.</p>
      <section className="card" aria-labelledby="api-heading">
        <h2 id="api-heading">API</h2>
        {result.ok ? (
          <dl className="facts">
            <dt>Status</dt>
            <dd>
              <span className={result.health.status === 'ok' ? 'badge badge-ok' : 'badge badge-bad'}>
                {result.health.status}
              </span>
            </dd>
            <dt>Version</dt>
            <dd>{result.health.version}</dd>
          </dl>
        ) : (
          <div role="alert" className="problem">
            <p className="problem-title">{result.message}</p>
            <p>{result.hint}</p>
          </div>
        )}
      </section>
    </>
  );
}
