import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { BotContext } from '../../runtime/bot-context';
import { parseOr400 } from '../parse';

const COMMAND_LIMIT = { rateLimit: { max: 60, timeWindow: '1 minute' } };
const NoBody = z.strictObject({});

/**
 * The books audit. POST /audit runs one now (it reads the venue: rate limited like reconcile)
 * and answers AuditResponse; GET /audit/books answers the bot's books in the auditor's terms
 * (AuditBooksDto), so an outside auditor holding the venue's truth can run the same checks.
 */
export function registerAuditRoutes(app: FastifyInstance, ctx: BotContext): void {
  app.post('/audit', { config: COMMAND_LIMIT }, async (req) => {
    parseOr400(NoBody, req.body);
    return { result: await ctx.trading.audit('MANUAL') };
  });
  app.get('/audit/books', async () => ctx.trading.auditBooks());
}
