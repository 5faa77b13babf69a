import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { WS_PROTOCOL, WS_TOKEN_PROTOCOL_PREFIX } from '@aurora/contracts';
import { startTestBot, type TestBot } from '../testing/bot-harness';
import { freshDataDir, presetQuietConfig, removeDir } from './data-dir';
import { waitReady } from './exchange-truth';

/*
 * Issue 11 item 2, WebSocket half: generated client messages to /api/v1/ws, with and without
 * auth. Never a crash (the bot answers health after every session), never a snapshot, event or
 * pong to a client that has not authenticated. Replay with FUZZ_SEED=<seed>.
 */

const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;
const RUNS = process.env.FUZZ_RUNS ? Number(process.env.FUZZ_RUNS) : 30;

let bot: TestBot;
let dir: string;
let wsUrl: string;

beforeAll(async () => {
  dir = freshDataDir();
  presetQuietConfig(dir);
  bot = await startTestBot({ AURORA_SIM_TICK_MS: '60000' }, dir);
  await waitReady(bot.api);
  wsUrl = bot.url.replace('http', 'ws') + '/api/v1/ws';
}, 60_000);

afterAll(async () => {
  await bot?.close();
  removeDir(dir);
});

type Frame = string | Buffer;

/** Messages a client might send: well-formed, nearly well-formed, any JSON, text and bytes. */
const frameArb: fc.Arbitrary<Frame> = fc.oneof(
  fc
    .record(
      {
        type: fc.constantFrom('auth', 'ping', 'subscribe', 'AUTH', '', 'snapshot'),
        token: fc.oneof(fc.string({ maxLength: 40 }), fc.constant('x'.repeat(600)), fc.integer()),
        id: fc.oneof(fc.integer(), fc.double(), fc.string({ maxLength: 5 }), fc.constant(null)),
        extra: fc.jsonValue({ maxDepth: 2 }),
      },
      { requiredKeys: ['type'] },
    )
    .map((m) => JSON.stringify(m)),
  fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
  fc.string({ maxLength: 60 }),
  fc.constantFrom(
    '{',
    '{"type":"auth"',
    '{"type":"ping","id":1}{"type":"ping","id":2}',
    'null',
    '[]',
    '\u0000',
  ),
  fc.uint8Array({ maxLength: 64 }).map((a) => Buffer.from(a)),
  fc.constant('x'.repeat(5000)), // over maxPayload (4096): the socket is closed, nothing else
);

interface Session {
  types: string[];
  closeCode: number | null;
}

/** One connection: send the frames, collect what comes back until close or a quiet moment. */
function session(protocols: string[], frames: Frame[]): Promise<Session> {
  return new Promise((resolve) => {
    const ws = new WebSocket(wsUrl, protocols);
    const types: string[] = [];
    let closeCode: number | null = null;
    let quiet: NodeJS.Timeout | null = null;
    const finish = () => {
      if (quiet) clearTimeout(quiet);
      ws.removeAllListeners();
      ws.on('error', () => undefined);
      ws.terminate();
      resolve({ types, closeCode });
    };
    const armQuiet = () => {
      if (quiet) clearTimeout(quiet);
      quiet = setTimeout(finish, 120);
    };
    ws.on('message', (data) => {
      try {
        types.push(String((JSON.parse(String(data)) as { type?: unknown }).type));
      } catch {
        types.push('<not json>');
      }
      armQuiet();
    });
    ws.on('close', (code) => {
      closeCode = code;
      finish();
    });
    // A handshake the server refuses (no protocol it accepts) ends here: that is a refusal too.
    ws.on('error', () => finish());
    ws.on('unexpected-response', () => finish());
    ws.on('open', () => {
      for (const f of frames) if (ws.readyState === WebSocket.OPEN) ws.send(f);
      armQuiet();
    });
  });
}

async function expectAlive(): Promise<void> {
  const res = await bot.api('/api/v1/health', { token: null });
  expect(res.status).toBe(200);
}

const DATA_TYPES = ['snapshot', 'event', 'pong'];

describe('WebSocket fuzz', () => {
  it('gives a client that has not authenticated nothing but errors or a close', async () => {
    const protocolsArb = fc.oneof<fc.Arbitrary<string[]>[]>(
      fc.constant<string[]>([WS_PROTOCOL]),
      fc
        .string({ minLength: 1, maxLength: 30 })
        .filter((t) => /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(t) && t !== bot.token)
        .map((t) => [WS_PROTOCOL, WS_TOKEN_PROTOCOL_PREFIX + t]),
      fc.constant<string[]>([WS_PROTOCOL, WS_TOKEN_PROTOCOL_PREFIX]),
      fc.constant<string[]>(['aurora.v2']),
    );
    await fc.assert(
      fc.asyncProperty(
        protocolsArb,
        fc.array(frameArb, { minLength: 1, maxLength: 4 }),
        async (protocols, frames) => {
          // A generated auth message never carries the real token (the arbitrary cannot hit it).
          const s = await session(protocols, frames);
          expect(s.types.filter((t) => DATA_TYPES.includes(t))).toEqual([]);
          await expectAlive();
        },
      ),
      { numRuns: RUNS, seed: SEED },
    );
  }, 60_000);

  it('survives any message from an authenticated client and answers only pongs and errors after the snapshot', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.boolean(),
        fc.array(frameArb, { minLength: 1, maxLength: 4 }),
        async (viaProtocol, frames) => {
          const protocols = viaProtocol ? [WS_PROTOCOL, WS_TOKEN_PROTOCOL_PREFIX + bot.token] : [WS_PROTOCOL];
          const first = viaProtocol ? [] : [JSON.stringify({ type: 'auth', token: bot.token })];
          const s = await session(protocols, [...first, ...frames]);
          expect(s.types[0]).toBe('snapshot');
          expect(s.types.filter((t) => !['snapshot', 'pong', 'error', 'event'].includes(t))).toEqual([]);
          await expectAlive();
        },
      ),
      { numRuns: RUNS, seed: SEED },
    );
  }, 60_000);

  it('closes with 4401 a client whose first real message is a ping, and 1009 one that sends too much', async () => {
    const ping = await session([WS_PROTOCOL], [JSON.stringify({ type: 'ping', id: 1 })]);
    expect([ping.types, ping.closeCode]).toEqual([[], 4401]);
    const big = await session([WS_PROTOCOL], ['x'.repeat(5000)]);
    expect([big.types, big.closeCode]).toEqual([[], 1009]);
    await expectAlive();
  });
});
