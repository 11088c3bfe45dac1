import type { Prisma } from '@clearance/db';

/**
 * JSON with object keys sorted at every level. PostgreSQL's jsonb does not keep key order, so
 * anything hashed from stored JSON must be hashed from this form.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

/** A value as jsonb gives it back (hash this, not the value): its canonical JSON read again; null for none. */
export function storedJson(value: unknown): Prisma.JsonValue {
  return value === undefined ? null : (JSON.parse(canonicalJson(value)) as Prisma.JsonValue);
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(
      Object.keys(value as Record<string, unknown>)
        .sort()
        .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
        .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}
