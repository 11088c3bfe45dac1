import { Type, type Static } from 'typebox';
import { DateOnly, Id, Nullable } from './common.ts';

export const coverageStatuses = ['uncovered', 'unproven', 'expired', 'expiring', 'covered', 'removed'] as const;
export type CoverageStatus = (typeof coverageStatuses)[number];
export const CoverageStatusSchema = Type.Enum(coverageStatuses);

export const riskLevels = ['high', 'medium', 'low'] as const;
export type RiskLevel = (typeof riskLevels)[number];
export const RiskLevelSchema = Type.Enum(riskLevels);

const StatusCounts = Type.Object(
  Object.fromEntries(coverageStatuses.map((s) => [s, Type.Integer({ minimum: 0 })])) as Record<
    CoverageStatus,
    ReturnType<typeof Type.Integer>
  >,
);

export const CoverageSummarySchema = Type.Object({
  asOf: DateOnly,
  warningDays: Type.Integer(),
  total: Type.Integer(),
  byStatus: StatusCounts,
  bySite: Type.Array(Type.Object({ siteId: Id, siteName: Type.String(), total: Type.Integer(), byStatus: StatusCounts })),
});
export type CoverageSummary = Static<typeof CoverageSummarySchema>;

/** The summary the overview shows: coverage counts, and the open claims due within a week (or overdue), soonest first. */
export const OverviewSummarySchema = Type.Object({
  ...CoverageSummarySchema.properties,
  claimsDue: Type.Array(
    Type.Object({ id: Id, caseRef: Nullable(Type.String()), agency: Type.String(), status: Type.String(), deadlineOn: DateOnly, daysLeft: Type.Integer() }),
  ),
});

export const CoverageSummaryQuery = Type.Object({ siteId: Type.Optional(Id) }, { additionalProperties: false });

export const ExpiringQuery = Type.Object(
  {
    withinDays: Type.Optional(Type.Integer({ minimum: 0, maximum: 3650, default: 30 })),
    siteId: Type.Optional(Id),
  },
  { additionalProperties: false },
);

export const ExpiringReportSchema = Type.Object({
  asOf: DateOnly,
  withinDays: Type.Integer(),
  items: Type.Array(
    Type.Object({
      licenseId: Id,
      siteId: Id,
      kind: Type.String(),
      licensor: Nullable(Type.String()),
      expiresOn: DateOnly,
      daysLeft: Type.Integer({ description: '0 means the license ends today (its last valid day)' }),
      assets: Type.Array(Type.Object({ id: Id, filename: Type.String(), coverageStatus: CoverageStatusSchema })),
    }),
  ),
});
export type ExpiringReport = Static<typeof ExpiringReportSchema>;

export const CoverageHistoryQuery = Type.Object(
  {
    days: Type.Optional(Type.Integer({ minimum: 1, maximum: 366, default: 30, description: 'How many days back, today included' })),
    siteId: Type.Optional(Id),
  },
  { additionalProperties: false },
);

export const CoverageHistorySchema = Type.Object({
  asOf: DateOnly,
  days: Type.Integer(),
  siteId: Nullable(Id),
  points: Type.Array(
    Type.Object({
      day: DateOnly,
      recorded: Type.Boolean({ description: 'false: no count was taken that day; the counts are carried over from the last day that had one' }),
      total: Type.Integer({ minimum: 0 }),
      byStatus: StatusCounts,
    }),
    { description: 'One point per day, oldest first, from the first day with a recorded count (or the window start) to today' },
  ),
});
export type CoverageHistory = Static<typeof CoverageHistorySchema>;
