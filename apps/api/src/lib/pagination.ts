import { AppError } from './errors.ts';

/** Opaque keyset cursor: the id of the last item of the previous page (ids sort by creation). */
export function encodeCursor(id: string): string {
  return Buffer.from(JSON.stringify({ id })).toString('base64url');
}

export function decodeCursor(cursor: string | undefined): string | undefined {
  if (cursor === undefined) return undefined;
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { id?: unknown };
    if (typeof parsed.id === 'string' && parsed.id.length > 0 && parsed.id.length <= 64) return parsed.id;
  } catch {
    // fall through
  }
  throw new AppError('invalid_cursor', 'Pass the nextCursor of a previous page unchanged');
}

/** Rows were fetched with `take: limit + 1`; the extra row only tells whether a next page exists. */
export function toPage<R extends { id: string }, T>(rows: R[], limit: number, map: (row: R) => T) {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items: items.map(map), nextCursor: rows.length > limit && last ? encodeCursor(last.id) : null };
}
