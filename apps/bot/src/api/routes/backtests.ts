import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { BacktestStartRequest } from '@aurora/contracts';
import { BacktestStartError } from '../../backtests/backtest-service';
import type { BotContext } from '../../runtime/bot-context';
import { ApiError, notFound } from '../api-error';
import { parseOr400 } from '../parse';

const IdParams = z.strictObject({ id: z.string().max(64) });
/** The stored page carries the same policy in a meta tag; the header makes it hold for any viewer. */
const REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox";

export function registerBacktestRoutes(app: FastifyInstance, ctx: BotContext): void {
  const backtests = ctx.backtests;

  app.get('/backtests/strategies', async () => ({ available: backtests.available, strategies: backtests.strategies() }));

  app.get('/backtests', async () => ({ items: backtests.list() }));

  app.post('/backtests', { config: { rateLimit: { max: 10, timeWindow: '1 minute' } } }, async (req, reply) => {
    const body = parseOr400(BacktestStartRequest, req.body);
    try {
      const run = backtests.start(body);
      return reply.status(202).send({ run });
    } catch (err) {
      if (err instanceof BacktestStartError) throw new ApiError(err.status, err.code, err.message, err.fields);
      throw err;
    }
  });

  app.get('/backtests/:id', async (req) => {
    const { id } = parseOr400(IdParams, req.params, 'path');
    const stored = backtests.get(id);
    if (!stored) throw notFound(`Backtest ${id}`);
    return stored;
  });

  app.get('/backtests/:id/report.html', async (req, reply) => {
    const { id } = parseOr400(IdParams, req.params, 'path');
    const html = backtests.html(id);
    if (html === null) throw notFound(`Report of backtest ${id}`);
    return reply
      .header('content-type', 'text/html; charset=utf-8')
      .header('content-security-policy', REPORT_CSP)
      .header('x-content-type-options', 'nosniff')
      .send(html);
  });
}
