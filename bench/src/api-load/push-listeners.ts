import WebSocket from 'ws';

export interface PushListeners {
  /** ms from the server_time stamped in each snapshot to its arrival, per client and push. */
  latenciesMs: number[];
  /** Snapshots received in all. */
  received: number;
  close(): void;
}

/** The first "server_time": in a snapshot message is its truth's (truth is the first key of state). */
const SERVER_TIME = /"server_time":(\d+)/;

/**
 * Connect `count` WebSocket clients and time every snapshot push: arrival − the server_time the
 * server stamped when it built the snapshot (one clock: same machine). The first snapshot of
 * each client (its welcome) is not a push and is left out. Reads the stamp with a regex, not
 * JSON.parse, so the 100th client is not charged for 99 parses in this process.
 */
export async function connectPushListeners(
  url: string,
  count: number,
  protocols: string[],
): Promise<PushListeners> {
  const latenciesMs: number[] = [];
  let received = 0;
  let measuring = false;
  const sockets = await Promise.all(
    Array.from({ length: count }, () => {
      const ws = new WebSocket(url, protocols);
      let welcomed = false;
      ws.on('message', (data: Buffer) => {
        const at = Date.now();
        if (!welcomed) {
          welcomed = true;
          return;
        }
        const stamp = SERVER_TIME.exec(data.toString('latin1'))?.[1];
        if (!measuring || stamp === undefined) return;
        received++;
        latenciesMs.push(at - Number(stamp));
      });
      return new Promise<WebSocket>((ok, fail) => {
        ws.once('open', () => ok(ws));
        ws.once('error', fail);
      });
    }),
  );
  measuring = true;
  return {
    latenciesMs,
    get received() {
      return received;
    },
    close: () => sockets.forEach((ws) => ws.terminate()),
  };
}
