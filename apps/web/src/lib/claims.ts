import type { Claim } from '@clearance/contracts';
import { loadOptional } from './server-api';

export type ClaimRow = Pick<Claim, 'id' | 'agency' | 'caseRef' | 'status' | 'deadlineOn' | 'daysLeft' | 'amount' | 'currency' | 'rightsHolder'>;

export const agencyLabels: Record<string, string> = {
  copytrack: 'Copytrack',
  pixsy: 'Pixsy',
  picrights: 'PicRights',
  higbee: 'Higbee & Associates',
  rights_holder: 'Rights holder',
  other: 'Other',
};

/** Open claims, soonest deadline first; null when this API has no claims routes. */
export async function loadOpenClaims(limit = 100): Promise<ClaimRow[] | null> {
  const page = await loadOptional<{ items: ClaimRow[] }>(`/v1/claims?open=true&limit=${limit}`);
  if (!page) return null;
  return page.items.sort((a, b) => (a.deadlineOn ?? '9999').localeCompare(b.deadlineOn ?? '9999'));
}

export function deadlineText(c: Pick<Claim, 'deadlineOn' | 'daysLeft'>): string {
  if (!c.deadlineOn) return 'no deadline';
  if (c.daysLeft === null) return `deadline was ${c.deadlineOn}`;
  if (c.daysLeft < 0) return `${-c.daysLeft} days overdue`;
  return c.daysLeft === 0 ? 'due today' : `${c.daysLeft} days left`;
}
