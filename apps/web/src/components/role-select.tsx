'use client';

import { userRoles, type UserRole } from '@clearance/contracts';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { asyncHandler } from '../lib/async-handler';
import { describeError, send } from '../lib/browser-api';

/** Changes a user's role as soon as another is chosen. */
export function RoleSelect({ userId, email, role }: { userId: string; email: string; role: UserRole }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  return (
    <>
      <select
        aria-label={`Role of ${email}`}
        defaultValue={role}
        onChange={asyncHandler(async (e) => {
          setError(null);
          try {
            await send('PATCH', `/v1/users/${userId}`, { role: e.target.value });
            router.refresh();
          } catch (err) {
            e.target.value = role;
            setError(describeError(err));
          }
        })}
      >
        {userRoles.map((r) => (
          <option key={r} value={r}>
            {r}
          </option>
        ))}
      </select>
      {error && (
        <span role="alert" className="inline-problem">
          {error}
        </span>
      )}
    </>
  );
}
