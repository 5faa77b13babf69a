import type { FastifyInstance } from 'fastify';
import { AccountModeRequest, ControlRequest, ResetBreakerRequest } from '@aurora/contracts';
import type { BotContext } from '../../runtime/bot-context';
import { parseOr400 } from '../parse';
import { sourceOf } from './config';

/** Control endpoints are rate-limited: a stuck client must not flap the bot. */
const CONTROL_LIMIT = { rateLimit: { max: 30, timeWindow: '1 minute' } };

export function registerControlRoutes(app: FastifyInstance, ctx: BotContext): void {
  const respond = (action: ReturnType<typeof ctx.control.pause>) => ({
    trading_mode: ctx.state.tradingMode,
    account_mode: ctx.state.accountMode,
    action,
  });
  app.post('/control/pause', { config: CONTROL_LIMIT }, async (req) => {
    const body = parseOr400(ControlRequest, req.body);
    return respond(ctx.control.pause(sourceOf(req), body.reason));
  });
  app.post('/control/resume', { config: CONTROL_LIMIT }, async (req) => {
    const body = parseOr400(ControlRequest, req.body);
    return respond(ctx.control.resume(sourceOf(req), body.reason));
  });
  app.post('/control/reset-breaker', { config: CONTROL_LIMIT }, async (req) => {
    const body = parseOr400(ResetBreakerRequest, req.body);
    return respond(ctx.control.resetBreaker(body.confirm, sourceOf(req), body.reason));
  });
  app.post('/control/kill', { config: CONTROL_LIMIT }, async (req) => {
    const body = parseOr400(ControlRequest, req.body);
    return respond(await ctx.control.kill(sourceOf(req), body.reason));
  });
  app.post('/control/account-mode', { config: CONTROL_LIMIT }, async (req) => {
    const body = parseOr400(AccountModeRequest, req.body);
    return respond(await ctx.control.setAccountMode(body.mode, body.confirm, sourceOf(req)));
  });
  app.post('/heartbeat', { config: { rateLimit: { max: 120, timeWindow: '1 minute' } } }, async (req) => {
    parseOr400(ControlRequest, req.body);
    return { ok: true as const, next_deadline_at: ctx.heartbeat(sourceOf(req)) };
  });
}
