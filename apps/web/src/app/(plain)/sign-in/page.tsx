import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { SignInForm } from '../../../components/sign-in-form';
import { getSession } from '../../../lib/server-api';

export const metadata: Metadata = { title: 'Sign in' };
export const dynamic = 'force-dynamic';

export default async function SignInPage() {
  if (await getSession().catch(() => null)) redirect('/');
  return (
    <>
      <h1>Sign in</h1>
      <p className="lead">Know which images on your WordPress sites you are allowed to use.</p>
      <section className="card">
        <SignInForm />
      </section>
      <p className="muted">
        The first administrator&apos;s email and password are printed by the API on its first start. <a href="/status">API status</a>
      </p>
    </>
  );
}
