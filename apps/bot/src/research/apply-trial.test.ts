import { describe, expect, it } from 'vitest';
import { defaultRuntimeConfig, type AccountMode, type RuntimeConfig } from '@aurora/contracts';
import { StrategyRegistry } from '@aurora/core';
import type { RunRecord, TrialRecord } from '@aurora/research/reader';
import { applyTrial } from './apply-trial';
import { ResearchError } from './research-service';

const run = { id: 'r1', strategy: 'ema-cross', symbols: ['BTCUSDT'] } as RunRecord;
const trial: TrialRecord = {
  runId: 'r1',
  n: 3,
  params: { fast: 12, slow: 40 },
  status: 'done',
  metrics: null,
  tradeHash: null,
  error: null,
  startedAt: 0,
  finishedAt: 1,
  worker: 'local-1',
};

function deps(mode: AccountMode) {
  const patches: unknown[] = [];
  const current: RuntimeConfig = defaultRuntimeConfig();
  return {
    patches,
    deps: {
      accountMode: () => mode,
      strategies: new StrategyRegistry(),
      config: {
        get: () => current,
        patch: (raw: unknown) => {
          patches.push(raw);
          return current;
        },
      },
    },
  };
}

describe('applyTrial', () => {
  it('never changes a Live configuration, even with the right confirmation', () => {
    const d = deps('LIVE');
    let refused: unknown;
    try {
      applyTrial({ run, trial }, { confirm: 'ema-cross' }, 'test', d.deps);
    } catch (err) {
      refused = err;
    }
    expect(refused).toBeInstanceOf(ResearchError);
    expect(refused).toMatchObject({ status: 409, code: 'LIVE_REFUSED' });
    expect(d.patches).toEqual([]);
  });

  it('in Demo, patches the per-symbol strategy with the parsed params and keeps the other symbols', () => {
    const d = deps('DEMO');
    applyTrial({ run, trial }, { confirm: ' ema-cross ' }, 'test', d.deps);
    expect(d.patches).toHaveLength(1);
    expect(d.patches[0]).toEqual({
      strategy: {
        per_symbol: {
          BTCUSDT: {
            name: 'ema-cross',
            params: { fast: 12, slow: 40, stop_atr_mult: 2, take_profit_atr_mult: 3, confidence: 0.6 },
          },
        },
      },
    });
  });
  it('refuses a symbol the Demo config does not trade (it must be added in Settings first)', () => {
    const d = deps('DEMO');
    const sol = { ...run, symbols: ['SOLUSDT'] } as RunRecord;
    expect(() => applyTrial({ run: sol, trial }, { confirm: 'ema-cross' }, 'test', d.deps)).toThrow(
      expect.objectContaining({ status: 409, code: 'SYMBOL_NOT_TRADED' }),
    );
    expect(d.patches).toEqual([]);
  });
});
