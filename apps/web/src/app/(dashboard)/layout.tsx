import type { ReactNode } from 'react';
import { SignOutButton } from '../../components/sign-out-button';
import { requireSession } from '../../lib/server-api';

// Everything here is per user and per request.
export const dynamic = 'force-dynamic';

export default async function DashboardLayout({ children }: { children: ReactNode }) {
  const { user, csrfToken } = await requireSession();
  return (
    <>
      {/* Read by the browser's mutations (lib/browser-api.ts); React hoists it into <head>. */}
      <meta name="csrf-token" content={csrfToken} />
      <a href="#content" className="skip-link">
        Skip to content
      </a>
      <header className="site-header">
        <a href="/" className="brand">
          Clearance
        </a>
        <nav aria-label="Main" className="main-nav">
          <a href="/">Overview</a>
          <a href="/assets">Assets</a>
          <a href="/claims">Claims</a>
          <a href="/settings">Settings</a>
        </nav>
        <div className="who">
          <span className="wrap">{user.email}</span> <span className="role">{user.role}</span> <SignOutButton />
        </div>
      </header>
      <main id="content">{children}</main>
    </>
  );
}
