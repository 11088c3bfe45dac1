import { randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';

/**
 * Argon2id (the library's default algorithm) with OWASP's minimum parameters: 19 MiB, 2 passes,
 * one lane (https://cheatsheetseries.owasp.org/cheatsheets/Password_Storage_Cheat_Sheet.html).
 * About 30 ms per check here. The parameters are in every stored hash, so raising them later
 * keeps older hashes working.
 */
const argon2Options = { memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export function hashPassword(password: string): Promise<string> {
  return hash(password, argon2Options);
}

/** Checked against when the e-mail is unknown, so that the answer takes as long as for a wrong password. */
let decoy: Promise<string> | undefined;

/**
 * Whether `password` matches `stored`. With no stored hash (unknown user) the same work is done
 * against a decoy and the answer is false: timing does not tell which e-mails have accounts.
 */
export async function verifyPassword(stored: string | null | undefined, password: string): Promise<boolean> {
  decoy ??= hashPassword(randomBytes(16).toString('hex'));
  const target = stored ?? (await decoy);
  try {
    const ok = await verify(target, password);
    return ok && !!stored;
  } catch {
    return false; // a malformed stored hash never matches
  }
}

/** Computes the decoy ahead, so that the first sign-in with an unknown e-mail is not slower. */
export async function warmUpPasswords() {
  await verifyPassword(null, 'warm-up');
}

/** A password for a person to type once and change: 24 characters from a 64-letter alphabet (144 bits). */
export function generatePassword(): string {
  return randomBytes(18).toString('base64url');
}
