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
