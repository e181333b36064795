import type {} from '@fastify/swagger';
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { currentUser, requireConsole } from '../accounts/console-auth.js';
import { toCsv } from '../core/csv.js';
import { COST_DIMENSIONS, type Dashboard } from './dashboards.js';
import type { AnalyticsService } from './service.js';

const Common = {
  from: Type.String({ maxLength: 40, description: 'A date YYYY-MM-DD (days of tz), an ISO 8601 instant, or unix seconds' }),
  to: Type.String({ maxLength: 40, description: 'As from; a date includes its whole day, an instant or unix seconds is excluded' }),
  granularity: Type.Optional(Type.String({ maxLength: 10, description: 'hour, day (default) or month' })),
  tz: Type.Optional(Type.String({ maxLength: 64, description: 'An IANA time zone; default the WABA’s, else UTC' })),
  waba_id: Type.Optional(Type.String({ pattern: '^\\d+$' })),
  phone_number_id: Type.Optional(Type.String({ pattern: '^\\d+$' })),
  format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv')])),
};
const Range = Type.Object(Common);
const Messages = Type.Object({ ...Common, by: Type.Optional(Type.Literal('number')) });
const ResponseTimes = Type.Object({ ...Common, by: Type.Optional(Type.Literal('agent')) });
const Costs = Type.Object({ ...Common, by: Type.Optional(Type.Union(COST_DIMENSIONS.map((d) => Type.Literal(d)))) });

const tags = ['Console: analytics'];

/**
 * The console's dashboards (`/console/api/analytics/…`), each as JSON or, with `format=csv`, as a
 * CSV file with a header row. Reading them takes `analytics.read`, which Analysts hold.
 */
export function registerAnalyticsConsoleRoutes(app: FastifyInstance, options: { analytics: AnalyticsService }): void {
  const { dashboards } = options.analytics;
  const guard = requireConsole('analytics.read');
  const answer = (reply: FastifyReply, name: string, format: string | undefined, dashboard: Dashboard) => {
    if (format !== 'csv') return dashboard;
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${name}-${dashboard.from}-${dashboard.to}.csv"`)
      .send(toCsv(dashboard.data, dashboard.columns));
  };

  app.get<{ Querystring: Static<typeof Messages> }>(
    '/analytics/messages',
    { schema: { querystring: Messages, tags, summary: 'Outbound and inbound volumes, delivery and read rates per period (by=number splits per number)' }, preHandler: guard },
    async (request, reply) => answer(reply, 'messages', request.query.format, await dashboards.messages(currentUser(request).businessId, request.query)),
  );
  app.get<{ Querystring: Static<typeof Range> }>(
    '/analytics/failures',
    { schema: { querystring: Range, tags, summary: 'Failure reasons: error codes with titles and counts' }, preHandler: guard },
    async (request, reply) => answer(reply, 'failures', request.query.format, await dashboards.failures(currentUser(request).businessId, request.query)),
  );
  app.get<{ Querystring: Static<typeof Range> }>(
    '/analytics/sessions',
    { schema: { querystring: Range, tags, summary: 'Customer service windows opened by users per period' }, preHandler: guard },
    async (request, reply) => answer(reply, 'sessions', request.query.format, await dashboards.sessions(currentUser(request).businessId, request.query)),
  );
  app.get<{ Querystring: Static<typeof ResponseTimes> }>(
    '/analytics/response-times',
    { schema: { querystring: ResponseTimes, tags, summary: 'The business’s first and average response times per period (by=agent splits per agent, API replies as agent null)' }, preHandler: guard },
    async (request, reply) => answer(reply, 'response-times', request.query.format, await dashboards.responseTimes(currentUser(request).businessId, request.query)),
  );
  app.get<{ Querystring: Static<typeof Costs> }>(
    '/analytics/costs',
    { schema: { querystring: Costs, tags, summary: 'Cost of delivered messages by category, country, template, number or pricing type per period' }, preHandler: guard },
    async (request, reply) => answer(reply, 'costs', request.query.format, await dashboards.costs(currentUser(request).businessId, request.query)),
  );
}
