import pino, { type Logger, type DestinationStream } from 'pino';
import pretty from 'pino-pretty';

/**
 * Paths pino blanks in every log line. Secrets must never be logged; redaction is the second
 * line of defence (the first is never putting them in log objects), and a test scans the logs.
 */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers["x-mbx-apikey"]',
  'req.headers["sec-websocket-protocol"]',
  'headers.authorization',
  'headers["x-mbx-apikey"]',
  '*.apiKey',
  '*.apiSecret',
  '*.secret',
  '*.signature',
  '*.token',
  '*.password',
  'apiKey',
  'apiSecret',
  'secret',
  'signature',
  'token',
];

/** AURORA_LOG_FORMAT: `auto` is pretty on a terminal and JSON lines otherwise (files, pipes, journald). */
export type LogFormat = 'auto' | 'pretty' | 'json';

/** What `auto` means here: a person reads a terminal, a machine reads everything else. */
export function resolveLogFormat(
  format: LogFormat,
  stdoutIsTty: boolean,
  hasDestination: boolean,
): 'pretty' | 'json' {
  if (format !== 'auto') return format;
  // A caller-given destination (tests, a log file) is for machines: JSON.
  return stdoutIsTty && !hasDestination ? 'pretty' : 'json';
}

export interface LoggerOptions {
  destination?: DestinationStream;
  format?: LogFormat;
}

export function createLogger(level: string, opts: LoggerOptions = {}): Logger {
  const format = resolveLogFormat(
    opts.format ?? 'auto',
    process.stdout.isTTY === true,
    opts.destination !== undefined,
  );
  // pino redacts and serializes before any stream sees the line, so the pretty printer only
  // ever receives already-redacted JSON: the same guarantee in both formats.
  const stream =
    format === 'pretty'
      ? pretty({
          destination: opts.destination ?? 1,
          colorize: opts.destination === undefined,
          translateTime: 'SYS:HH:MM:ss.l',
          ignore: 'pid,hostname,service',
          sync: true,
        })
      : opts.destination;
  return pino(
    {
      level,
      base: { service: 'aurora-bot' },
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      serializers: {
        req: (req: { method?: string; url?: string; ip?: string }) => ({
          method: req.method,
          // Query strings may carry signatures; keep only the path.
          url: req.url?.split('?')[0],
          ip: req.ip,
        }),
      },
    },
    stream,
  );
}

export type { Logger };
