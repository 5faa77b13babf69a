import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nearestRankPercentile } from '@aurora/core';
import { WS_TOKEN_PROTOCOL_PREFIX } from '@aurora/contracts';
import { withBaseline, type BenchResult } from '../bench-result';
import { summarizeLatency } from '../latency-summary';
import { runOpenLoop, type OpenLoopResult } from './open-loop';
import { connectPushListeners } from './push-listeners';
import { REPO_ROOT, startServerProcess, TSX_ARGS, type ServerProcess } from './server-process';

export interface ApiLoadOptions {
  /** GET /state requests per second (open loop). */
  rate: number;
  /** How long each server is loaded, per phase (HTTP, then WebSocket). */
  seconds: number;
  /** Connected dashboards during the push phase. */
  wsClients: number;
}

export const DEFAULT_API_LOAD: ApiLoadOptions = { rate: 1_000, seconds: 5, wsClients: 100 };

const TOKEN = 'bench-token-0123456789abcdef';
/** The embedded market ticks this often, so the state changes (and is pushed) ~10 times a second. */
const SIM_TICK_MS = 100;
/** The bot coalesces pushes to one per 100 ms (routes/ws.ts); the baseline pushes at that cadence. */
const PUSH_INTERVAL_MS = 100;
const WARMUP_REQUESTS = 300;

interface Measured {
  http: OpenLoopResult;
  pushMs: number[];
}

const ms = (ns: number) => Math.round(ns / 10_000) / 100;

async function load(
  server: ServerProcess,
  statePath: string,
  wsPath: string,
  o: ApiLoadOptions,
  headers: Record<string, string>,
  protocols: string[],
): Promise<Measured> {
  // Warm the JIT and the connection pool at a gentle rate first; only the second run counts.
  await runOpenLoop({
    url: `${server.url}${statePath}`,
    headers,
    rate: 200,
    durationMs: (WARMUP_REQUESTS / 200) * 1000,
  });
  const http = await runOpenLoop({
    url: `${server.url}${statePath}`,
    headers,
    rate: o.rate,
    durationMs: o.seconds * 1000,
  });
  const listeners = await connectPushListeners(
    `${server.url.replace('http', 'ws')}${wsPath}`,
    o.wsClients,
    protocols,
  );
  await new Promise((r) => setTimeout(r, o.seconds * 1000));
  listeners.close();
  return { http, pushMs: listeners.latenciesMs };
}

async function captureBotOutput(url: string): Promise<{ body: string; message: string }> {
  const res = await fetch(`${url}/api/v1/state`, { headers: { authorization: `Bearer ${TOKEN}` } });
  const body = await res.text();
  const state = JSON.parse(body) as object;
  return { body, message: JSON.stringify({ type: 'snapshot', seq: 1, state }) };
}

const pct = (values: number[], p: number): number => {
  if (values.length === 0) throw new Error('no pushes were received');
  return nearestRankPercentile(Float64Array.from(values).sort(), p) as number;
};

/**
 * Issue 14 item 7: GET /api/v1/state under a fixed 1,000 requests/s (open loop, latency from
 * the scheduled send) and a state push to 100 dashboards, against a bare Fastify server that
 * answers the same bytes, in the same run. Both servers are child processes, as in production.
 */
export async function runApiLoadBench(o: ApiLoadOptions = DEFAULT_API_LOAD): Promise<BenchResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'aurora-api-bench-'));
  // The venue in a process of its own (npm run sim), as Binance is in production: the bot's
  // process then holds only the bot, like the baseline's holds only Fastify.
  const sim = await startServerProcess(
    [
      ...TSX_ARGS,
      join(REPO_ROOT, 'packages/exchange-sim/src/cli.ts'),
      '--port',
      '0',
      '--tick-ms',
      String(SIM_TICK_MS),
    ],
    {},
    /API secret\s+(\S+)/,
  );
  try {
    const field = (label: string) => {
      const line = sim.output.find((l) => l.trim().startsWith(label));
      if (line === undefined) throw new Error(`the simulator printed no "${label}" line`);
      return line.trim().slice(label.length).trim();
    };
    const bot = await startServerProcess(
      [...TSX_ARGS, join(REPO_ROOT, 'apps/bot/src/main.ts')],
      {
        AURORA_PORT: '0',
        AURORA_DATA_DIR: join(dir, 'data'),
        AURORA_API_TOKEN: TOKEN,
        AURORA_LOG_LEVEL: 'warn',
        AURORA_SIM_URL: field('REST').replace(/\/api\/v3$/, ''),
        AURORA_SIM_API_KEY: field('API key'),
        AURORA_SIM_API_SECRET: field('API secret'),
      },
      /Dashboard:\s+(http:\/\/\S+?)\/?$/,
    );
    let botRun: Measured;
    let captured: { body: string; message: string };
    try {
      captured = await captureBotOutput(bot.url);
      botRun = await load(bot, '/api/v1/state', '/api/v1/ws', o, { authorization: `Bearer ${TOKEN}` }, [
        'aurora.v1',
        `${WS_TOKEN_PROTOCOL_PREFIX}${TOKEN}`,
      ]);
    } finally {
      await bot.stop();
    }
    writeFileSync(join(dir, 'body.json'), captured.body);
    writeFileSync(join(dir, 'message.json'), captured.message);
    const bare = await startServerProcess(
      [
        ...TSX_ARGS,
        join(REPO_ROOT, 'bench/src/api-load/bare-server.ts'),
        join(dir, 'body.json'),
        join(dir, 'message.json'),
        String(PUSH_INTERVAL_MS),
      ],
      {},
      /listening (http:\/\/\S+)/,
    );
    let bareRun: Measured;
    try {
      bareRun = await load(bare, '/state', '/ws', o, {}, []);
    } finally {
      await bare.stop();
    }

    const botHttp = summarizeLatency(botRun.http.latenciesNs);
    const bareHttp = summarizeLatency(bareRun.http.latenciesNs);
    const load_ = `${o.rate.toLocaleString('en-US')} req/s open loop for ${o.seconds} s, ${(Buffer.byteLength(captured.body) / 1024).toFixed(1)} KB body`;
    const httpNote = (r: OpenLoopResult) =>
      `${r.latenciesNs.length} ok, ${r.errors} errors; worst generator send lag ${ms(r.maxSendLagNs)} ms (counted in the latency)`;
    const botP99Ms = botHttp.p99Us / 1000;
    const botPushP99 = pct(botRun.pushMs, 99);
    return [
      withBaseline(
        {
          name: 'api.state_get_p50',
          value: botHttp.p50Us / 1000,
          unit: 'ms',
          note: `${load_}; ${httpNote(botRun.http)}`,
        },
        'bare Fastify route, same bytes',
        bareHttp.p50Us / 1000,
      ),
      withBaseline(
        {
          name: 'api.state_get_p99',
          value: botP99Ms,
          unit: 'ms',
          target: { text: '< 5 ms', met: botP99Ms < 5 },
          note: `baseline: ${httpNote(bareRun.http)}`,
        },
        'bare Fastify route, same bytes',
        bareHttp.p99Us / 1000,
      ),
      withBaseline(
        {
          name: 'api.state_push_p99',
          value: botPushP99,
          unit: 'ms',
          target: { text: '< 50 ms', met: botPushP99 < 50 },
          note:
            `${o.wsClients} dashboards, simulator (own process) ticking every ${SIM_TICK_MS} ms, ${o.seconds} s; ` +
            `${botRun.pushMs.length} deliveries (baseline ${bareRun.pushMs.length}); ` +
            `from the snapshot's server_time to arrival, 1 ms clock resolution; p50 ${pct(botRun.pushMs, 50)} ms`,
        },
        `bare ws push of the same snapshot every ${PUSH_INTERVAL_MS} ms`,
        pct(bareRun.pushMs, 99),
      ),
    ];
  } finally {
    await sim.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
