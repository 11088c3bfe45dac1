import { readFileSync } from 'node:fs';
import { fixturePath } from '../../../../fixtures/fixture-path.ts';

export type Pair = {
  variant: string;
  /** Empty for a distractor. */
  original: string;
  /** Short name of the transform, from the variant's file name: w300, q40, crop10, screenshot… */
  kind: string;
  description: string;
};

/** fixtures/phash/pairs.csv (see the README there): `variant_file,original_file,"transform"`, paths relative to fixtures/phash; only the last column is quoted (and holds commas). */
export function readPairs(): Pair[] {
  const lines = readFileSync(fixturePath('phash', 'pairs.csv'), 'utf8').trim().split(/\r?\n/).slice(1);
  return lines.map((line) => {
    const match = /^([^,]*),([^,]*),"(.*)"$/.exec(line);
    if (!match) throw new Error(`Unexpected pairs.csv line: ${line}`);
    const [, variant, original, description] = match as unknown as [string, string, string, string];
    const kind = original === '' ? 'distractor' : (/_([a-z0-9]+)\.[a-z]+$/i.exec(variant)?.[1] ?? 'unknown');
    return { variant, original, kind, description };
  });
}

/** Transforms a whole-frame hash alone must survive; the issue asks for every one of these to match. */
export const SIMPLE_KINDS = ['w1024', 'w300', 'w150', 'q40', 'webp', 'png', 'bright108'];
/** Transforms needing crop variants or region finding; the issue asks for at least 90 % of these. */
export const HARD_KINDS = ['crop10', 'screenshot'];

/** Where a screenshot's description says the picture was pasted: "resized to 760x475 and composited at (60,160)". */
export function pastedBox(description: string): { left: number; top: number; right: number; bottom: number } | null {
  const m = /resized to (\d+)x(\d+) and composited at \((\d+),(\d+)\)/.exec(description);
  if (!m) return null;
  const [w, h, x, y] = m.slice(1).map(Number) as [number, number, number, number];
  return { left: x, top: y, right: x + w, bottom: y + h };
}
