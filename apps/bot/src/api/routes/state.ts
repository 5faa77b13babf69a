import type { FastifyInstance } from 'fastify';
import type { BotContext } from '../../runtime/bot-context';

export function registerStateRoutes(app: FastifyInstance, ctx: BotContext): void {
  app.get('/state', async () => ctx.snapshot());
}
