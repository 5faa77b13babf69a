import { performance } from 'node:perf_hooks';
import { dec } from '@aurora/core';
import { BinanceRestClient, hmacSigner, parseMarketFrame, parseUserEvent } from '@aurora/binance';
import { startSimServer } from '@aurora/exchange-sim';
import type { BenchResult } from './bench-result';
import { repeatRate } from './throughput';

export type { BenchResult } from './bench-result';

/** Realistic combined-stream frames: half 1m klines, half bookTickers, prices drifting. */
const marketFrames = (n: number): string[] => {
  const out: string[] = [];
  let price = 64_000;
  for (let i = 0; i < n; i++) {
    price += ((i * 7919) % 13) - 6;
    const p = (x: number) => (price + x).toFixed(2);
    if (i % 2 === 0) {
      out.push(
        JSON.stringify({
          stream: 'btcusdt@kline_1m',
          data: {
            e: 'kline',
            E: 1_700_000_000_000 + i * 1_000,
            s: 'BTCUSDT',
            k: {
              t: 1_700_000_000_000 + Math.floor(i / 60) * 60_000,
              T: 1_700_000_059_999 + Math.floor(i / 60) * 60_000,
              s: 'BTCUSDT',
              i: '1m',
              f: 100 + i,
              L: 200 + i,
              o: p(-3),
              c: p(0),
              h: p(5),
              l: p(-8),
              v: '12.34500000',
              n: 100 + (i % 50),
              x: i % 120 === 0,
              q: '790123.45678900',
              V: '6.10000000',
              Q: '390000.12000000',
              B: '0',
            },
          },
        }),
      );
    } else {
      out.push(
        JSON.stringify({
          stream: 'btcusdt@bookTicker',
          data: {
            u: 400_900_217 + i,
            s: 'BTCUSDT',
            b: p(-0.01),
            B: '1.25000000',
            a: p(0.01),
            A: '0.75400000',
          },
        }),
      );
    }
  }
  return out;
};

const executionReports = (n: number): string[] =>
  Array.from({ length: n }, (_, i) =>
    JSON.stringify({
      subscriptionId: 0,
      event: {
        e: 'executionReport',
        E: 1_700_000_000_000 + i,
        s: 'BTCUSDT',
        c: `intent-${i}`,
        S: 'BUY',
        o: 'LIMIT',
        f: 'GTC',
        q: '0.01000000',
        p: '64000.00000000',
        P: '0.00000000',
        F: '0.00000000',
        g: -1,
        C: '',
        x: 'TRADE',
        X: 'FILLED',
        r: 'NONE',
        i: 1_000 + i,
        l: '0.01000000',
        z: '0.01000000',
        L: '64000.00000000',
        n: '0.00001000',
        N: 'BTC',
        T: 1_700_000_000_000 + i,
        t: 5_000 + i,
        I: 9_000 + i,
        w: false,
        m: false,
        M: true,
        O: 1_700_000_000_000 + i,
        Z: '640.00000000',
        Y: '640.00000000',
        Q: '0.00000000',
        W: 1_700_000_000_000 + i,
        V: 'NONE',
      },
    }),
  );

/** Sequential requests for `ms`, returning requests per second. */
const requestRate = async (call: () => Promise<unknown>, count: number): Promise<number> => {
  for (let i = 0; i < 20; i++) await call();
  const start = performance.now();
  for (let i = 0; i < count; i++) await call();
  return (count / (performance.now() - start)) * 1_000;
};

/**
 * The Binance adapter's figures: signed REST round trips against the simulator over loopback
 * (baseline: unsigned GET /api/v3/time), and market/user stream parsing against a bare
 * JSON.parse of the same frames.
 */
export async function runBinanceBench(): Promise<BenchResult[]> {
  const results: BenchResult[] = [];

  const frames = marketFrames(20_000);
  const bareMarket = repeatRate(frames, (s) => JSON.parse(s));
  const parsedMarket = repeatRate(frames, (s) => parseMarketFrame(s, 0));
  results.push({
    name: 'binance.market_stream.parse',
    value: Math.round(parsedMarket),
    unit: 'msg/s',
    baseline: { name: 'JSON.parse of the same frames', value: Math.round(bareMarket) },
    ratio: parsedMarket / bareMarket,
    note: 'combined-stream frames, half kline_1m half bookTicker, into Kline/BookTicker with Decimal fields',
  });

  const reports = executionReports(10_000);
  const bareUser = repeatRate(reports, (s) => JSON.parse(s));
  const parsedUser = repeatRate(reports, (s) => parseUserEvent((JSON.parse(s) as { event: unknown }).event));
  results.push({
    name: 'binance.user_stream.parse_execution_report',
    value: Math.round(parsedUser),
    unit: 'msg/s',
    baseline: { name: 'JSON.parse of the same frames', value: Math.round(bareUser) },
    ratio: parsedUser / bareUser,
    note: 'zod-validated executionReport → core ExecutionReport',
  });

  const sim = await startSimServer({ port: 0, seed: 7 });
  try {
    const { apiKey, apiSecret } = sim.createAccount();
    const rest = new BinanceRestClient({
      venue: { kind: 'sim', restUrl: sim.restUrl, wsApiUrl: sim.wsApiUrl, streamUrl: sim.streamUrl },
      credentials: { apiKey, signer: hmacSigner(apiSecret) },
    });
    await rest.start();
    rest.stop();
    await rest.exchangeInfo(['BTCUSDT']);
    const book = await rest.bookTicker('BTCUSDT');
    // POST /api/v3/order/test: signed, validated by the venue, weight 1, places nothing.
    const order = {
      symbol: 'BTCUSDT',
      side: 'BUY',
      type: 'LIMIT',
      timeInForce: 'GTC',
      quantity: dec('0.001'),
      price: book.bidPrice,
      clientOrderId: 'bench-order',
    } as const;
    const count = 400;
    const unsigned = await requestRate(() => rest.serverTime(), count);
    const signed = await requestRate(() => rest.testOrder(order), count);
    results.push({
      name: 'binance.rest.signed_requests',
      value: Math.round(signed),
      unit: 'req/s',
      baseline: { name: 'unsigned GET /api/v3/time', value: Math.round(unsigned) },
      ratio: signed / unsigned,
      note: `${count} sequential POST /api/v3/order/test over loopback to the simulator (HMAC, zod-parsed)`,
    });
  } finally {
    await sim.close();
  }
  return results;
}
