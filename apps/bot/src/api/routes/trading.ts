import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ClosePositionRequest, DecisionQuery, ManualProposalRequest, PageQuery, Symbol } from '@aurora/contracts';
import type { BotContext } from '../../runtime/bot-context';
import { notFound } from '../api-error';
import { parseOr400 } from '../parse';
import { sourceOf } from './config';

const PositionsQuery = PageQuery.extend({ status: z.enum(['open', 'closed', 'all']).default('all') });
const OrdersQuery = PageQuery.extend({ status: z.enum(['open', 'all']).default('all'), symbol: Symbol.optional() });
const TradesQuery = PageQuery.extend({ symbol: Symbol.optional() });
const CandlesQuery = z.object({ symbol: Symbol, limit: z.coerce.number().int().min(1).max(1000).default(120) });
const IdParam = z.object({ id: z.string().min(1).max(100) });
const COMMAND_LIMIT = { rateLimit: { max: 60, timeWindow: '1 minute' } };
/**
 * A price or quantity an operator sends: positive, at most 20 integer digits and 18 decimals.
 * The contracts' DecimalString also admits "-100" and 64-digit numbers; a negative stop once went
 * through to an order, so commands are held to money's real bounds here.
 */
const Amount = z
  .string()
  .regex(/^\d{1,20}(\.\d{1,18})?$/, 'must be a positive decimal string such as "0.01" (≤ 20 digits, ≤ 18 decimals)')
  .refine((v) => /[1-9]/.test(v), 'must be greater than zero');
const ProposalBody = ManualProposalRequest.extend({
  quantity: Amount.optional(),
  price: Amount.optional(),
  stop_price: Amount.optional(),
  take_profit_price: Amount.optional(),
});
const CloseBody = ClosePositionRequest.extend({ quantity: Amount.optional() });
const NoBody = z.strictObject({});

export function registerTradingRoutes(app: FastifyInstance, ctx: BotContext): void {
  app.get('/positions', async (req) => ctx.trading.positions(parseOr400(PositionsQuery, req.query, 'query')));
  app.get('/positions/:id', async (req) => {
    const { id } = parseOr400(IdParam, req.params, 'path');
    const detail = ctx.trading.position(id);
    if (!detail) throw notFound(`Position ${id}`);
    return detail;
  });
  app.post('/positions/:id/close', { config: COMMAND_LIMIT }, async (req) => {
    const { id } = parseOr400(IdParam, req.params, 'path');
    const body = parseOr400(CloseBody, req.body);
    return ctx.trading.closePosition(id, body, sourceOf(req));
  });
  app.get('/orders', async (req) => ctx.trading.orders(parseOr400(OrdersQuery, req.query, 'query')));
  app.get('/trades', async (req) => ctx.trading.trades(parseOr400(TradesQuery, req.query, 'query')));
  app.get('/decisions', async (req) => ctx.trading.decisions(parseOr400(DecisionQuery, req.query, 'query')));
  app.get('/decisions/:id', async (req) => {
    const { id } = parseOr400(IdParam, req.params, 'path');
    const decision = ctx.trading.decision(id);
    if (!decision) throw notFound(`Decision ${id}`);
    return { decision };
  });
  app.get('/risk', async () => ({ risk: ctx.trading.risk() }));
  app.get('/rate-limits', async () => ({ rate_limits: ctx.trading.rateLimits() }));
  app.get('/tca', async () => ctx.trading.tca());
  app.get('/latency', async () => ({ latency: ctx.trading.latency() }));
  app.get('/candles', async (req) => {
    const q = parseOr400(CandlesQuery, req.query, 'query');
    return { symbol: q.symbol, ...ctx.trading.candles(q.symbol, q.limit) };
  });
  app.post('/reconcile', { config: COMMAND_LIMIT }, async (req) => {
    parseOr400(NoBody, req.body);
    return { result: await ctx.trading.reconcile('MANUAL') };
  });
  app.post('/proposals', { config: COMMAND_LIMIT }, async (req) => {
    const body = parseOr400(ProposalBody, req.body);
    return { decision: await ctx.trading.propose(body, sourceOf(req)) };
  });
}
