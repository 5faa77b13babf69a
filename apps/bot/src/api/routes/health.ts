import type { FastifyInstance } from 'fastify';
import type { BotContext } from '../../runtime/bot-context';

/** Liveness and readiness; the only route without auth, so it reveals no trading data. */
export function registerHealthRoutes(app: FastifyInstance, ctx: BotContext): void {
  app.get('/health', async (_req, reply) => {
    const h = ctx.health();
    return reply.status(h.status === 'down' ? 503 : 200).send(h);
  });
}
