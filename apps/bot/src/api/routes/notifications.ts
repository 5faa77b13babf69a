import type { FastifyInstance } from 'fastify';
import type { BotContext } from '../../runtime/bot-context';

export function registerNotificationRoutes(app: FastifyInstance, ctx: BotContext): void {
  // Channel health and the failed webhook deliveries (newest first, the last 100).
  app.get('/notifications', async () => ctx.notifications());
}
