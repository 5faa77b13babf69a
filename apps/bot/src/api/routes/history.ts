import type { FastifyInstance } from 'fastify';
import { PageQuery } from '@aurora/contracts';
import type { BotContext } from '../../runtime/bot-context';
import { parseOr400 } from '../parse';

export function registerHistoryRoutes(app: FastifyInstance, ctx: BotContext): void {
  app.get('/errors', async (req) => {
    const q = parseOr400(PageQuery, req.query, 'query');
    return ctx.history.pageErrors(q.limit, q.offset);
  });
  app.get('/control-actions', async (req) => {
    const q = parseOr400(PageQuery, req.query, 'query');
    return ctx.history.pageControlActions(q.limit, q.offset);
  });
}
