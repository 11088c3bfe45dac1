import type { Auth } from '../plugins/auth.ts';
import { AppError } from './errors.ts';

/**
 * The `where` fragment that limits a query to what the caller may see. Every query of
 * site-owned data spreads it, so a site-scoped token never reads another site's rows.
 */
export function siteScope(auth: Auth): { siteId?: string } {
  return auth.siteId ? { siteId: auth.siteId } : {};
}

/** A site the caller names explicitly (filter or body) must be one it may see. */
export function assertSiteVisible(auth: Auth, siteId: string | undefined | null) {
  if (siteId && auth.siteId && auth.siteId !== siteId) {
    throw new AppError('site_forbidden', `This token is limited to site ${auth.siteId}`);
  }
}
