import { CoverageSummaryQuery, CoverageSummarySchema, ExpiringQuery, ExpiringReportSchema } from '@clearance/contracts';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { assertSiteVisible } from '../../lib/scope.ts';
import { coverageSummary, expiringReport } from './coverage.service.ts';

export const coverageRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const tags = ['coverage'];
  const warningDays = app.config.expiryWarningDays;

  app.get(
    '/coverage/summary',
    { schema: { tags, summary: 'Asset counts per coverage status, overall and per site', querystring: CoverageSummaryQuery, response: { 200: CoverageSummarySchema } } },
    async (request) => {
      assertSiteVisible(request.auth, request.query.siteId);
      return coverageSummary(app.prisma, request.auth, warningDays, request.query.siteId);
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
};
