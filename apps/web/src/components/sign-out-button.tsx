'use client';

import { send } from '../lib/browser-api';

export function SignOutButton() {
  return (
    <button
      type="button"
      className="link-button"
      onClick={async () => {
        await send('DELETE', '/v1/session').catch(() => undefined);
        window.location.assign('/sign-in');
      }}
    >
      Sign out
    </button>
  );
}
