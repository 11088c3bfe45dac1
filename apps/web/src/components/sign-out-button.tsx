'use client';

import { asyncHandler } from '../lib/async-handler';
import { send } from '../lib/browser-api';

export function SignOutButton() {
  return (
    <button
      type="button"
      className="link-button"
      onClick={asyncHandler(async () => {
        await send('DELETE', '/v1/session').catch(() => undefined);
        window.location.assign('/sign-in');
      })}
    >
      Sign out
    </button>
  );
}
