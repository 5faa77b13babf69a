import { EnvError } from './config/env';
import { startBot, type BotHandle } from './runtime/start-bot';

/** Exit codes: 0 clean stop, 1 crash, 2 bad configuration. */
const SHUTDOWN_DEADLINE_MS = 10_000;

async function main(): Promise<void> {
  let bot: BotHandle;
  try {
    bot = await startBot();
  } catch (err) {
    if (err instanceof EnvError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  const mode = bot.ctx.state.accountMode;
  process.stdout.write(
    [
      '',
      `  Aurora Spot Nexus is running in ${mode} mode on ${bot.runtime.venueDescription()}`,
      `  Dashboard:  ${bot.url}/`,
      bot.env.AURORA_API_TOKEN
        ? '  API token:  the one in AURORA_API_TOKEN'
        : `  API token:  ${bot.token}   (kept in ${bot.env.AURORA_DATA_DIR}/api_token, mode 0600)`,
      `  Stop:       Ctrl-C (graceful: pauses, cancels entry orders, never closes positions)`,
      '',
    ].join('\n') + '\n',
  );

  let signals = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    signals += 1;
    if (signals > 1) {
      bot.log.warn({ signal }, 'second signal: forcing exit');
      process.exit(1);
    }
    bot.log.info({ signal }, 'shutting down gracefully');
    const deadline = setTimeout(() => {
      bot.log.error('graceful shutdown exceeded its deadline: forcing exit');
      process.exit(1);
    }, SHUTDOWN_DEADLINE_MS);
    deadline.unref();
    bot
      .close({ graceful: true })
      .then(() => process.exit(0))
      .catch((err: Error) => {
        bot.log.error({ err: err.message }, 'shutdown failed');
        process.exit(1);
      });
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  // A fault in one handler must not take the bot down with open positions: log, count, go on.
  process.on('uncaughtException', (err) => {
    bot.log.error({ err: err.message, stack: err.stack }, 'uncaught exception');
    bot.ctx.state.recordError('process', 'UNCAUGHT_EXCEPTION', err.message);
  });
  // Bad input never crashes the process: a stray rejection is logged and counted, not fatal.
  process.on('unhandledRejection', (reason) => {
    const message = reason instanceof Error ? reason.message : String(reason);
    bot.log.error({ err: message }, 'unhandled rejection');
    bot.ctx.state.recordError('process', 'UNHANDLED_REJECTION', message);
  });
}

main().catch((err: Error) => {
  process.stderr.write(`fatal: ${err.stack ?? err.message}\n`);
  process.exit(1);
});
