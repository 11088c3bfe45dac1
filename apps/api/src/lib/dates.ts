/** Calendar days as `YYYY-MM-DD` strings in UTC: they compare correctly as strings. */
export type Day = string;

export function dayOf(date: Date): Day {
  return date.toISOString().slice(0, 10);
}

export function today(now: Date = new Date()): Day {
  return dayOf(now);
}

export function addDays(day: Day, days: number): Day {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return dayOf(date);
}

export function daysBetween(from: Day, to: Day): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** For Prisma `@db.Date` columns. */
export function toDbDate(day: Day | null | undefined): Date | null {
  return day ? new Date(`${day}T00:00:00Z`) : null;
}

export function fromDbDate(date: Date | null): Day | null {
  return date ? dayOf(date) : null;
}

const firstStorable = Date.parse('0001-01-01T00:00:00Z');
const lastStorable = Date.parse('9999-12-31T23:59:59.999Z');

/** Years 0001–9999: what PostgreSQL stores (it has no year 0) and a four-digit `YYYY-MM-DD` writes. */
export function isStorableTime(date: Date): boolean {
  const time = date.getTime();
  return time >= firstStorable && time <= lastStorable;
}
