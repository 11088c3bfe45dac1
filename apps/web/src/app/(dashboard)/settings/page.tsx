import { userRoles, type User } from '@clearance/contracts';
import type { Metadata } from 'next';
import { ActionButton } from '../../../components/action-button';
import { ApiForm } from '../../../components/api-form';
import { CopyButton } from '../../../components/copy-button';
import { RoleSelect } from '../../../components/role-select';
import { apiBaseUrl } from '../../../lib/api';
import { formatDay, formatTime } from '../../../lib/format';
import { load, requireSession } from '../../../lib/server-api';
import { canEdit, isAdmin } from '../../../lib/session';
import type { Site } from '../../../lib/types';

export const metadata: Metadata = { title: 'Settings' };

type ApiToken = { id: string; name: string; prefix: string; siteId: string | null; createdAt: string; lastUsedAt: string | null; revokedAt: string | null };

/** Where WordPress must post: the API's public address when configured, else the one this server uses. */
function publicApiUrl(): string {
  return (process.env.CLEARANCE_PUBLIC_API_URL || apiBaseUrl()).replace(/\/+$/, '');
}

export default async function SettingsPage() {
  const { user } = await requireSession();
  const admin = isAdmin(user);
  const [sites, tokens, users] = await Promise.all([
    load<{ items: Site[] }>('/v1/sites'),
    admin ? load<{ items: ApiToken[] }>('/v1/tokens') : null,
    admin ? load<{ items: User[] }>('/v1/users?limit=200') : null,
  ]);
  const siteName = new Map(sites.items.map((s) => [s.id, s.name]));

  return (
    <>
      <h1>Settings</h1>
      <p className="lead">
        Signed in as {user.email} ({user.role}).{' '}
        {!canEdit(user) && 'Viewers can look at everything here but change nothing.'}
        {user.role === 'editor' && 'Sites, API tokens and users are managed by administrators.'}
      </p>

      <section className="card" aria-labelledby="password-heading">
        <h2 id="password-heading">Your password</h2>
        <ApiForm method="PUT" path="/v1/session/password" submitLabel="Change password" doneMessage="Password changed. Your other sessions were signed out.">
          <label>
            Current password
            <input name="currentPassword" type="password" required autoComplete="current-password" />
          </label>
          <label>
            New password
            <input name="newPassword" type="password" required minLength={12} autoComplete="new-password" />
          </label>
        </ApiForm>
      </section>

      <section className="card" aria-labelledby="sites-heading">
        <h2 id="sites-heading">Sites</h2>
        {sites.items.length === 0 && <p className="muted">No site yet{admin ? ': add the first one below.' : '.'}</p>}
        {sites.items.map((site) => {
          const secret = site.webhookSecrets[0];
          const webhook = `${publicApiUrl()}${site.webhookUrl}`;
          return (
            <article key={site.id} className="site" aria-labelledby={`site-${site.id}`}>
              <h3 id={`site-${site.id}`}>
                {site.name} <small className="muted wrap">{site.baseUrl}</small>
              </h3>
              <dl className="facts">
                <dt>Webhook URL</dt>
                <dd>
                  <code className="wrap">{webhook}</code> <CopyButton text={webhook} label="Copy URL" />
                </dd>
                <dt>Signing secret</dt>
                <dd>
                  {!canEdit(user) ? (
                    <span className="muted">hidden from viewers</span>
                  ) : secret ? (
                    <>
                      <code>{secret.prefix}…</code>
                      <br />
                      <small className="muted">
                        since {formatTime(secret.createdAt)}
                        {site.webhookSecrets.length > 1 && `; ${site.webhookSecrets.length - 1} older secret(s) still accepted during the rotation`}
                        . The whole secret is shown once, to the admin who adds the site or rotates it.
                      </small>
                    </>
                  ) : (
                    <span className="muted">none</span>
                  )}
                </dd>
              </dl>
              {admin && (
                <ActionButton
                  method="POST"
                  path={`/v1/sites/${site.id}/webhook-secret/rotate`}
                  label="Rotate secret"
                  confirm={`Rotate the webhook secret of ${site.name}? The old one stays valid for 24 hours: update the plugin before then.`}
                  reveal="webhookSecret"
                  revealLabel="The new signing secret, shown once — put it in the WordPress plugin now:"
                />
              )}
            </article>
          );
        })}
        {admin && (
          <>
            <h3>Add a site</h3>
            <ApiForm path="/v1/sites" submitLabel="Add site" reveal="webhookSecret" revealLabel="The site’s signing secret, shown once — put it in the WordPress plugin now:">
              <label>
                Name
                <input name="name" required maxLength={200} />
              </label>
              <label>
                Address
                <input name="baseUrl" type="url" required placeholder="https://blog.example" />
              </label>
            </ApiForm>
          </>
        )}
      </section>

      {tokens && (
        <section className="card" aria-labelledby="tokens-heading">
          <h2 id="tokens-heading">API tokens</h2>
          <p className="muted">For scripts and the CLI. A token limited to one site sees only that site.</p>
          <div className="table-scroll">
            <table>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Starts with</th>
                  <th scope="col">Scope</th>
                  <th scope="col">Created</th>
                  <th scope="col">Last used</th>
                  <th scope="col"><span className="sr-only">Actions</span></th>
                </tr>
              </thead>
              <tbody>
                {tokens.items.map((t) => (
                  <tr key={t.id}>
                    <td>{t.name}</td>
                    <td className="mono">{t.prefix}…</td>
                    <td>{t.siteId ? siteName.get(t.siteId) ?? t.siteId : 'whole instance'}</td>
                    <td>{formatDay(t.createdAt)}</td>
                    <td>{formatDay(t.lastUsedAt)}</td>
                    <td>
                      {t.revokedAt ? (
                        <span className="muted">revoked {formatDay(t.revokedAt)}</span>
                      ) : (
                        <ActionButton method="DELETE" path={`/v1/tokens/${t.id}`} label="Revoke" confirm={`Revoke the token “${t.name}”? Scripts using it stop working at once.`} />
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <h3>New token</h3>
          <ApiForm path="/v1/tokens" submitLabel="Create token" reveal="token" revealLabel="The new token, shown once — store it now:">
            <label>
              Name
              <input name="name" required maxLength={100} placeholder="backup script" />
            </label>
            <label>
              Scope
              <select name="siteId" defaultValue="">
                <option value="">Whole instance</option>
                {sites.items.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.name} only
                  </option>
                ))}
              </select>
            </label>
          </ApiForm>
        </section>
      )}

      {users && (
        <section className="card" aria-labelledby="users-heading">
          <h2 id="users-heading">Users</h2>
          <p className="muted">Admins manage everything; editors change data but not users, tokens or sites; viewers read only.</p>
          <div className="table-scroll">
            <table>
              <thead>
                <tr>
                  <th scope="col">E-mail</th>
                  <th scope="col">Role</th>
                  <th scope="col">Since</th>
                  <th scope="col"><span className="sr-only">Actions</span></th>
                </tr>
              </thead>
              <tbody>
                {users.items.map((u) => (
                  <tr key={u.id}>
                    <td className="wrap">{u.email}</td>
                    <td>{u.id === user.id ? u.role : <RoleSelect userId={u.id} email={u.email} role={u.role} />}</td>
                    <td>{formatDay(u.createdAt)}</td>
                    <td>
                      {u.id === user.id ? (
                        <span className="muted">you</span>
                      ) : (
                        <ActionButton
                          method="PATCH"
                          path={`/v1/users/${u.id}`}
                          body={{ disabled: !u.disabled }}
                          label={u.disabled ? 'Enable' : 'Disable'}
                          confirm={u.disabled ? undefined : `Disable ${u.email}? Their sessions end at once.`}
                        />
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <h3>Add a user</h3>
          <ApiForm path="/v1/users" submitLabel="Add user">
            <label>
              E-mail
              <input name="email" type="email" required maxLength={254} />
            </label>
            <label>
              Password
              <input name="password" type="password" required minLength={12} autoComplete="new-password" />
            </label>
            <label>
              Role
              <select name="role" defaultValue="viewer">
                {userRoles.map((r) => (
                  <option key={r} value={r}>
                    {r}
                  </option>
                ))}
              </select>
            </label>
          </ApiForm>
        </section>
      )}
    </>
  );
}
