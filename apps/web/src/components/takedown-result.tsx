import type { Takedown } from '@clearance/contracts';
import { formatTime } from '../lib/format';
import { ActionButton } from './action-button';

/** A takedown's latest answer per URL, the URLs still live, and (for editors) a re-check. */
export function TakedownResult({ takedown, editable }: { takedown: Takedown; editable: boolean }) {
  return (
    <div>
      <h3>
        Takedown <span className="badge">{takedown.status}</span>
      </h3>
      {takedown.stillLive.length > 0 && (
        <p className="muted">
          Still served at {takedown.stillLive.length} URL{takedown.stillLive.length === 1 ? '' : 's'}: verified only when every one answers 404 or 410.
        </p>
      )}
      <ul className="plain-list">
        {takedown.checks.map((c) => (
          <li key={c.url} className="wrap">
            {c.url} — {c.removed ? 'removed' : c.statusCode ?? c.error} <small className="muted">{formatTime(c.checkedAt)}</small>
          </li>
        ))}
      </ul>
      {editable && <ActionButton method="POST" path={`/v1/takedowns/${takedown.id}/checks`} label="Check the URLs now" />}
    </div>
  );
}
