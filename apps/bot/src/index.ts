export { startBot, type BotHandle, type StartBotOptions } from './runtime/start-bot';
export { loadEnv, EnvError, type Env } from './config/env';
