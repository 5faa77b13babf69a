import pino, { type Logger, type DestinationStream } from 'pino';

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

export function createLogger(level: string, destination?: DestinationStream): Logger {
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
    destination,
  );
}

export type { Logger };
