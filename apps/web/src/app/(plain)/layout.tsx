import type { ReactNode } from 'react';

/** Pages that need no session: sign-in and the API status. */
export default function PlainLayout({ children }: { children: ReactNode }) {
  return (
    <>
      <header className="site-header">
        <a href="/" className="brand">
          Clearance
        </a>
      </header>
      <main className="narrow">{children}</main>
    </>
  );
}
