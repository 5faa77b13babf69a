import type { FastifyInstance } from 'fastify';
import type { BotContext } from '../../runtime/bot-context';

/** GET /anomalies: the observer's remembered anomalies (newest first, with evidence) and each series charted. */
export function registerObserverRoutes(app: FastifyInstance, ctx: BotContext): void {
  app.get('/anomalies', async () => ctx.trading.anomalies());
}
