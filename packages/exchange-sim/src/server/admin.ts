import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { SimApiError } from '../errors';
import type { SimExchange } from '../engine/exchange';
import { BehaviourValidationError, type VenueBehaviour } from '../behaviour';
import { FaultValidationError, type FaultInjector } from '../faults';
import { readBody } from './http-body';
import type { ErrorCounts } from './api-gate';
import { isLoopbackAddress } from './loopback';
import { declaredRateLimits, type RateLimiter } from './rate-limiter';
import { send } from './rest-handler';

export interface AdminDeps {
  exchange: SimExchange;
  faults: FaultInjector;
  behaviour: VenueBehaviour;
  limiter: RateLimiter;
  errors: ErrorCounts;
  createAccount(
    balances?: Record<string, string>,
    opts?: { bnbBurn?: boolean },
  ): { apiKey: string; apiSecret: string };
  now(): number;
}

const Amount = z.string().regex(/^-?[0-9]{1,20}(\.[0-9]{1,20})?$/, 'a decimal string');
const Asset = z.string().regex(/^[A-Z0-9]{1,20}$/, 'an asset name');

const schemas = {
  account: z.strictObject({
    balances: z
      .record(Asset, z.string().regex(/^[0-9]{1,20}(\.[0-9]{1,20})?$/, 'a non-negative decimal string'))
      .optional(),
    bnbBurn: z.boolean().optional(),
  }),
  fund: z.strictObject({ apiKey: z.string().min(1), asset: Asset, amount: Amount }),
  bnbBurn: z.strictObject({ apiKey: z.string().min(1), enabled: z.boolean() }),
  price: z.strictObject({
    symbol: z.string().min(1),
    price: z.string().regex(/^[0-9]{1,20}(\.[0-9]{1,20})?$/),
  }),
  step: z.strictObject({ count: z.number().int().min(1).max(100_000).optional() }),
  feed: z.strictObject({ paused: z.boolean() }),
  rateLimits: z.strictObject({
    requestWeightPerMinute: z.number().int().min(1).optional(),
    ordersPer10s: z.number().int().min(1).optional(),
    ordersPerDay: z.number().int().min(1).optional(),
    banAfterViolations: z.number().int().min(0).optional(),
    banMs: z.number().int().min(0).optional(),
  }),
};

class AdminInputError extends Error {}

function parse<T extends z.ZodType>(schema: T, text: string): z.infer<T> {
  let json: unknown = {};
  if (text.trim() !== '') {
    try {
      json = JSON.parse(text);
    } catch {
      throw new AdminInputError('body is not JSON');
    }
  }
  const r = schema.safeParse(json);
  if (!r.success)
    throw new AdminInputError(
      r.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '),
    );
  return r.data;
}

/**
 * The simulator's own control surface under /sim/v1 (no Binance auth, loopback clients only):
 * accounts and funding, prices and feed stepping, fault injection, rate-limit configuration.
 */
export async function handleAdmin(req: IncomingMessage, res: ServerResponse, deps: AdminDeps): Promise<void> {
  if (!isLoopbackAddress(req.socket.remoteAddress))
    return send(res, 403, { error: 'admin API is loopback-only' });
  const path = (req.url ?? '').split('?')[0]!.slice('/sim/v1'.length);
  const route = `${req.method} ${path}`;
  try {
    const body = await readBody(req);
    const { exchange, faults } = deps;
    switch (route) {
      case 'GET /status':
        return send(res, 200, {
          serverTime: deps.now(),
          symbols: exchange.symbols,
          paused: exchange.isPaused,
          regime: exchange.regime,
          prices: Object.fromEntries(exchange.symbols.map((s) => [s, exchange.tickerPrice(s).price])),
          rateLimits: deps.limiter.config,
          rejectedRequests: deps.errors.snapshot(),
        });
      case 'POST /accounts': {
        const b = parse(schemas.account, body);
        return send(res, 200, deps.createAccount(b.balances, { bnbBurn: b.bnbBurn }));
      }
      case 'POST /accounts/fund': {
        const b = parse(schemas.fund, body);
        exchange.fund(b.apiKey, b.asset, b.amount);
        return send(res, 200, { asset: b.asset, balance: balanceOf(exchange, b.apiKey, b.asset) });
      }
      case 'POST /accounts/bnb-burn': {
        const b = parse(schemas.bnbBurn, body);
        exchange.setBnbBurn(b.apiKey, b.enabled);
        return send(res, 200, { bnbBurn: b.enabled });
      }
      case 'POST /price': {
        const b = parse(schemas.price, body);
        exchange.onPrice(b.symbol, b.price);
        return send(res, 200, exchange.tickerPrice(b.symbol));
      }
      case 'POST /step': {
        const b = parse(schemas.step, body);
        exchange.step(b.count ?? 1);
        return send(res, 200, {
          steps: b.count ?? 1,
          prices: Object.fromEntries(exchange.symbols.map((s) => [s, exchange.tickerPrice(s).price])),
        });
      }
      case 'POST /feed': {
        const b = parse(schemas.feed, body);
        exchange.setPaused(b.paused);
        return send(res, 200, { paused: exchange.isPaused });
      }
      case 'GET /faults':
        return send(res, 200, faults.get());
      case 'POST /faults':
        return send(res, 200, faults.set(parseJson(body) as Parameters<FaultInjector['set']>[0]));
      case 'DELETE /faults':
        faults.clear();
        return send(res, 200, faults.get());
      case 'GET /behaviour':
        return send(res, 200, deps.behaviour.get());
      case 'POST /behaviour':
        return send(res, 200, deps.behaviour.set(parseJson(body) as Parameters<VenueBehaviour['set']>[0]));
      case 'DELETE /behaviour':
        return send(res, 200, deps.behaviour.clear());
      case 'POST /rate-limits': {
        const b = parse(schemas.rateLimits, body);
        deps.limiter.config = { ...deps.limiter.config, ...b };
        exchange.rateLimits = declaredRateLimits(deps.limiter.config);
        return send(res, 200, deps.limiter.config);
      }
      default:
        return send(res, 404, { error: `unknown admin route ${route}` });
    }
  } catch (e) {
    if (
      e instanceof AdminInputError ||
      e instanceof FaultValidationError ||
      e instanceof BehaviourValidationError
    )
      return send(res, 400, { error: e.message });
    if (e instanceof SimApiError) return send(res, 400, { error: e.message, code: e.code });
    return send(res, 500, { error: 'internal error' });
  }
}

function parseJson(text: string): unknown {
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new AdminInputError('body is not JSON');
  }
}

function balanceOf(exchange: SimExchange, apiKey: string, asset: string) {
  const b = exchange.accountInfo(apiKey).balances.find((x) => x.asset === asset);
  return b ?? { asset, free: '0.00000000', locked: '0.00000000' };
}
