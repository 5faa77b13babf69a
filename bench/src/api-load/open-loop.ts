import { Agent, request } from 'node:http';

export interface OpenLoopOptions {
  url: string;
  headers?: Record<string, string>;
  /** Requests per second, sent on a fixed schedule whatever the server does. */
  rate: number;
  durationMs: number;
  /** Sockets the agent may open; enough that a slow answer never delays the next send. */
  maxSockets?: number;
}

export interface OpenLoopResult {
  /** Latency of every request in ns, measured from its scheduled send time (not its actual one). */
  latenciesNs: number[];
  sent: number;
  errors: number;
  /** The worst gap between a request's schedule and its actual send: the generator's own lag. */
  maxSendLagNs: number;
  bodyBytes: number;
}

const NS_PER_MS = 1_000_000;

/**
 * A fixed-rate, open-loop HTTP load generator. Request i is due at start + i / rate; each
 * latency runs from that due time, so a server stall is charged to every request that should
 * have been sent during it (no coordinated omission: a closed-loop client would simply send
 * fewer requests while the server is slow and report a flattering p99).
 */
export function runOpenLoop(opts: OpenLoopOptions): Promise<OpenLoopResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: opts.maxSockets ?? 64 });
  const intervalNs = 1e9 / opts.rate;
  const total = Math.floor((opts.rate * opts.durationMs) / 1000);
  const latenciesNs: number[] = [];
  let sent = 0;
  let done = 0;
  let errors = 0;
  let maxSendLagNs = 0;
  let bodyBytes = 0;
  const start = process.hrtime.bigint();
  const elapsedNs = () => Number(process.hrtime.bigint() - start);

  return new Promise((resolve) => {
    const finish = () => {
      if (done < total) return;
      agent.destroy();
      resolve({ latenciesNs, sent, errors, maxSendLagNs, bodyBytes });
    };
    const send = (dueNs: number) => {
      maxSendLagNs = Math.max(maxSendLagNs, elapsedNs() - dueNs);
      const req = request(opts.url, { agent, headers: opts.headers }, (res) => {
        let bytes = 0;
        res.on('data', (chunk: Buffer) => (bytes += chunk.length));
        res.on('end', () => {
          if (res.statusCode === 200) latenciesNs.push(elapsedNs() - dueNs);
          else errors++;
          bodyBytes = bytes;
          done++;
          finish();
        });
      });
      req.on('error', () => {
        errors++;
        done++;
        finish();
      });
      req.end();
    };
    // Send everything that is due, then sleep until the next due time; timers are coarse, so
    // a late wake-up sends the backlog at once and each request still counts from its due time.
    const pump = () => {
      const now = elapsedNs();
      while (sent < total && sent * intervalNs <= now) send(sent++ * intervalNs);
      if (sent < total) setTimeout(pump, Math.max(0, (sent * intervalNs - elapsedNs()) / NS_PER_MS));
    };
    pump();
  });
}
