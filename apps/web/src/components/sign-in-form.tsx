'use client';

import { useState, type FormEvent } from 'react';
import { asyncHandler } from '../lib/async-handler';
import { ApiError, apiRequest } from '../lib/api';
import { describeError } from '../lib/browser-api';

export function SignInForm() {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(null);
    try {
      await apiRequest('/v1/sessions', { method: 'POST', body: { email: form.get('email'), password: form.get('password') } });
      // A full navigation, so the server renders the dashboard with the new cookie.
      window.location.assign('/');
    } catch (err) {
      setError(err instanceof ApiError && err.status === 401 ? 'Wrong email or password.' : describeError(err));
      setBusy(false);
    }
  }

  return (
    <form onSubmit={asyncHandler(onSubmit)} className="stack" aria-describedby={error ? 'sign-in-error' : undefined}>
      <label>
        Email
        <input name="email" type="email" autoComplete="username" required autoFocus />
      </label>
      <label>
        Password
        <input name="password" type="password" autoComplete="current-password" required />
      </label>
      {error && (
        <p id="sign-in-error" role="alert" className="problem">
          {error}
        </p>
      )}
      <button type="submit" className="button primary" disabled={busy}>
        {busy ? 'Signing in…' : 'Sign in'}
      </button>
    </form>
  );
}
