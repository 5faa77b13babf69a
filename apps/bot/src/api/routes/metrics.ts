import type { FastifyInstance } from 'fastify';
import type { BotContext } from '../../runtime/bot-context';

export function registerMetricsRoutes(app: FastifyInstance, ctx: BotContext): void {
  app.get('/metrics', async (_req, reply) => {
    ctx.refreshMetrics();
    const body = await ctx.metrics.registry.metrics();
    return reply.type(ctx.metrics.registry.contentType).send(body);
  });
}
