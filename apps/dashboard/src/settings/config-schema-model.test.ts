import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { RuntimeConfig, defaultRuntimeConfig } from '@aurora/contracts';
import {
  checkField,
  labelFor,
  normalizeFieldPath,
  rawFromValue,
  sectionsFromSchema,
  valueAt,
} from './config-schema-model';

// The same schema the bot serves at GET /config/schema.
const schema = z.toJSONSchema(RuntimeConfig, { io: 'input', unrepresentable: 'any' });
const sections = sectionsFromSchema(schema);
const field = (path: string) => {
  const f = sections.flatMap((s) => s.fields).find((x) => x.path === path);
  if (!f) throw new Error(`no field ${path}`);
  return f;
};

describe('config schema → form', () => {
  it('makes a General section for top-level fields and one section per nested object', () => {
    expect(sections.map((s) => s.key)).toEqual([
      null,
      'risk',
      'strategy',
      'insurance',
      'execution',
      'reconcile',
      'dead_man',
      'latency',
      'correlation',
      'tca',
      'rate_limit',
      'notify',
    ]);
    expect(sections[0]?.fields.map((f) => f.key)).toEqual([
      'trading_mode',
      'account_mode',
      'symbols',
      'quote_asset',
    ]);
  });

  it('carries each field kind and its bounds from the schema', () => {
    expect(field('risk.max_daily_loss_pct')).toMatchObject({ kind: 'number', minimum: 0, maximum: 50 });
    expect(field('risk.max_daily_trades')).toMatchObject({ kind: 'integer', minimum: 1, maximum: 10_000 });
    expect(field('risk.half_open_size_factor')).toMatchObject({
      kind: 'number',
      exclusiveMinimum: 0,
      maximum: 1,
    });
    expect(field('execution.entry_order_type')).toMatchObject({
      kind: 'enum',
      options: ['LIMIT', 'MARKET', 'LIMIT_IOC'],
    });
    expect(field('strategy.long_only').kind).toBe('boolean');
    expect(field('symbols')).toMatchObject({ kind: 'string-list', minItems: 1, maxItems: 20 });
    expect(field('risk.max_total_exposure_usdt')).toMatchObject({ kind: 'text' });
  });

  it('labels keys for people, treating only a trailing word as a unit', () => {
    expect(labelFor('max_daily_loss_pct')).toBe('Max daily loss %');
    expect(labelFor('min_score')).toBe('Min score');
    expect(labelFor('breaker_cooldown_min')).toBe('Breaker cooldown (min)');
    expect(labelFor('stop_atr_mult')).toBe('Stop ATR mult');
  });
});

describe('field checks', () => {
  it('accepts a value inside the bounds and parses it to the schema type', () => {
    expect(checkField(field('risk.max_daily_loss_pct'), '2.5')).toEqual({ ok: true, value: 2.5 });
    expect(checkField(field('symbols'), 'BTCUSDT, ETHUSDT')).toEqual({
      ok: true,
      value: ['BTCUSDT', 'ETHUSDT'],
    });
    expect(checkField(field('strategy.long_only'), false)).toEqual({ ok: true, value: false });
  });

  it('refuses out-of-range, non-integer, malformed and exclusive-bound values with a reason', () => {
    expect(checkField(field('risk.max_daily_loss_pct'), '51')).toEqual({
      ok: false,
      error: 'Must be at most 50',
    });
    expect(checkField(field('risk.max_daily_trades'), '1.5')).toEqual({
      ok: false,
      error: 'Enter a whole number',
    });
    expect(checkField(field('risk.max_daily_trades'), 'ten')).toEqual({ ok: false, error: 'Enter a number' });
    expect(checkField(field('risk.half_open_size_factor'), '0')).toEqual({
      ok: false,
      error: 'Must be more than 0',
    });
    expect(checkField(field('risk.max_total_exposure_usdt'), '12,5')).toMatchObject({ ok: false });
    expect(checkField(field('symbols'), 'btcusdt')).toEqual({ ok: false, error: '"btcusdt" is not valid' });
  });
});

describe('config values', () => {
  it('reads dotted paths and renders them as form input', () => {
    const config = defaultRuntimeConfig();
    expect(rawFromValue(valueAt(config, 'risk.max_daily_loss_pct'))).toBe('3');
    expect(rawFromValue(valueAt(config, 'symbols'))).toBe('BTCUSDT, ETHUSDT, BNBUSDT');
    expect(valueAt(config, 'risk.nope')).toBeUndefined();
  });

  it('normalizes server field paths to dotted paths', () => {
    expect(normalizeFieldPath('risk.max_daily_loss_pct')).toBe('risk.max_daily_loss_pct');
    expect(normalizeFieldPath('/risk/max_daily_loss_pct')).toBe('risk.max_daily_loss_pct');
  });
});
