import {
  CoverageHistoryQuery,
  CoverageHistorySchema,
  CoverageSummaryQuery,
  ExpiringQuery,
  ExpiringReportSchema,
  OverviewSummarySchema,
} from '@clearance/contracts';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { assertSiteVisible } from '../../lib/scope.ts';
import { today } from '../../lib/dates.ts';
import { coverageHistory, hasSnapshotOn } from './coverage-history.service.ts';
import { claimsDueSoon } from '../claims/claims.service.ts';
import { coverageSummary, expiringReport } from './coverage.service.ts';

export const coverageRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const tags = ['coverage'];
  const warningDays = app.config.expiryWarningDays;

  app.get(
    '/coverage/summary',
    {
      schema: {
        tags,
        summary: 'Asset counts per coverage status, overall and per site, and the open claims due within 7 days',
        querystring: CoverageSummaryQuery,
        response: { 200: OverviewSummarySchema },
      },
    },
    async (request) => {
      const { siteId } = request.query;
      assertSiteVisible(request.auth, siteId);
      const [summary, due] = await Promise.all([coverageSummary(app.prisma, request.auth, warningDays, siteId), claimsDueSoon(app.prisma, request.auth, 7, siteId)]);
      return {
        ...summary,
        claimsDue: due.map((c) => ({ id: c.id, caseRef: c.caseRef, agency: c.agency, status: c.status, deadlineOn: c.deadlineOn!, daysLeft: c.daysLeft! })),
      };
    },
  );

  app.get(
    '/coverage/expiring',
    { schema: { tags, summary: 'Licenses whose last day is within the window (default 30 days)', querystring: ExpiringQuery, response: { 200: ExpiringReportSchema } } },
    async (request) => {
      assertSiteVisible(request.auth, request.query.siteId);
      return expiringReport(app.prisma, request.auth, warningDays, request.query.withinDays ?? 30, request.query.siteId);
    },
  );

  app.get(
    '/coverage/history',
    {
      schema: {
        tags,
        summary: 'Asset counts per coverage status for each of the last N days (default 30), for the coverage-over-time chart',
        description: "Today's point is as of the last coverage summary (GET /coverage/summary rewrites it); the first request of a day counts it.",
        querystring: CoverageHistoryQuery,
        response: { 200: CoverageHistorySchema },
      },
    },
    async (request) => {
      assertSiteVisible(request.auth, request.query.siteId);
      const day = today();
      // Every summary rewrites today's point; only the first look of the day has to count here.
      if (!(await hasSnapshotOn(app.prisma, request.auth, day, request.query.siteId))) {
        await coverageSummary(app.prisma, request.auth, warningDays, request.query.siteId);
      }
      return coverageHistory(app.prisma, request.auth, day, request.query.days ?? 30, request.query.siteId);
    },
  );
};
