import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AnomaliesResponse, StateSnapshot } from '@aurora/contracts';
import { embeddedVenueOf, expectBooksClean } from './books-audit';
import { startTestBot, type TestBot } from '../testing/bot-harness';
import { waitFor } from './wait-for';

let bot: TestBot;
beforeAll(async () => {
  bot = await startTestBot();
});
afterAll(async () => {
  await bot.close();
});

describe('the anomaly observer in the running bot', () => {
  it('GET /api/v1/anomalies charts the spread of every symbol from the embedded market, and says "no baseline" for PnL', async () => {
    const body = await waitFor(
      async () => {
        const res = await bot.api('/api/v1/anomalies');
        const parsed = AnomaliesResponse.parse(await res.json());
        const spreads = parsed.series.filter((s) => s.series === 'spread_bps');
        return spreads.length === 3 && spreads.every((s) => s.points.length >= 2) ? parsed : undefined;
      },
      { timeoutMs: 15_000, what: 'spread series for three symbols' },
    );
    expect(body.series.filter((s) => s.series === 'spread_bps').map((s) => s.symbol)).toEqual([
      'BNBUSDT',
      'BTCUSDT',
      'ETHUSDT',
    ]);
    expect(body.baseline).toEqual({
      status: 'NONE',
      message: 'no baseline: no backtest report at backtest-baseline.json in the data directory',
    });
  });

  it('the state snapshot carries the series summaries without chart points', async () => {
    const state = StateSnapshot.parse(await (await bot.api('/api/v1/state')).json());
    const spread = state.observer.series.find((s) => s.series === 'spread_bps');
    expect(spread).toMatchObject({ unit: 'bps', reference: 'ROLLING' });
    expect(spread && 'points' in spread).toBe(false);
  });

  it('exports the anomaly counter on /metrics', async () => {
    const text = await (await bot.api('/metrics')).text();
    expect(text).toContain(
      '# HELP aurora_anomalies_total Anomalies the observer reported, by series and detector',
    );
  });
});

describe('books audit', () => {
  it('ends with the bot’s books equal to the venue’s', async () => {
    await expectBooksClean(bot.api, embeddedVenueOf(bot));
  });
});
