import { parseArgs } from 'node:util';
import { startSimServer, type SimServerOptions } from './server/start-server';

/**
 * `npm run sim -- --port 9090 --seed 42 --symbols BTCUSDT,ETHUSDT,BNBUSDT`
 * Starts the simulator, prints its URLs and a ready-made API key, stops on SIGINT/SIGTERM.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '9090' },
      host: { type: 'string', default: '127.0.0.1' },
      seed: { type: 'string', default: '42' },
      symbols: { type: 'string' },
      'tick-ms': { type: 'string' },
      replay: { type: 'string' },
      mirror: { type: 'string' },
      'mirror-fallback': { type: 'string', default: 'none' },
      speed: { type: 'string' },
      history: { type: 'string' },
      'weight-limit': { type: 'string' },
      profile: { type: 'string', default: 'polite' },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(
      'usage: npm run sim -- [--port 9090] [--host 127.0.0.1] [--seed 42] [--symbols BTCUSDT,ETHUSDT,BNBUSDT]\n' +
        '                      [--tick-ms 1000] [--replay <dir> [--speed 1]] [--history 500] [--weight-limit 6000]\n' +
        '                      [--mirror wss://data-stream.binance.vision:443 [--mirror-fallback none|synthetic]]\n' +
        '                      [--profile polite|realistic]',
    );
    return;
  }
  const int = (name: string, v: string | undefined): number | undefined => {
    if (v === undefined) return undefined;
    if (!/^[0-9]+$/.test(v)) throw new Error(`--${name} must be a non-negative integer, got ${v}`);
    return Number(v);
  };
  const positive = (name: string, v: string | undefined): number | undefined => {
    if (v === undefined) return undefined;
    if (!/^[0-9]+(\.[0-9]+)?$/.test(v) || Number(v) <= 0)
      throw new Error(`--${name} must be a positive number, got ${v}`);
    return Number(v);
  };
  if (values.profile !== 'polite' && values.profile !== 'realistic')
    throw new Error(`--profile must be polite or realistic, got ${values.profile}`);
  const fallback = values['mirror-fallback'];
  if (fallback !== 'none' && fallback !== 'synthetic')
    throw new Error(`--mirror-fallback must be none or synthetic, got ${fallback}`);
  if (values.mirror !== undefined && values.replay !== undefined)
    throw new Error('--mirror and --replay exclude each other');
  const opts: SimServerOptions = {
    profile: values.profile,
    host: values.host,
    port: int('port', values.port),
    seed: int('seed', values.seed),
    symbols: values.symbols
      ?.split(',')
      .map((s) => s.trim().toUpperCase())
      .filter((s) => s !== ''),
    historyCandles: int('history', values.history),
    feed: values.replay
      ? { kind: 'replay', dir: values.replay, speed: positive('speed', values.speed) }
      : values.mirror
        ? { kind: 'mirror', url: values.mirror, fallback, tickMs: int('tick-ms', values['tick-ms']) }
        : { kind: 'synthetic', tickMs: int('tick-ms', values['tick-ms']) },
    rateLimits: values['weight-limit']
      ? { requestWeightPerMinute: int('weight-limit', values['weight-limit']) }
      : undefined,
  };
  const sim = await startSimServer(opts);
  const { apiKey, apiSecret } = sim.createAccount();
  console.log(
    `Aurora exchange simulator (seed ${opts.seed}, profile ${opts.profile}, symbols ${sim.exchange.symbols.join(',')})`,
  );
  console.log(`  REST        ${sim.restUrl}/api/v3`);
  console.log(`  streams     ${sim.streamUrl}/ws/<stream>  ${sim.streamUrl}/stream?streams=a/b`);
  console.log(`  WS API      ${sim.wsApiUrl}`);
  console.log(`  admin       ${sim.adminUrl}`);
  console.log(`  API key     ${apiKey}`);
  console.log(`  API secret  ${apiSecret}`);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: stopping simulator`);
    sim.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
