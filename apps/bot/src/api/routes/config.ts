import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { RuntimeConfig } from '@aurora/contracts';
import type { BotContext } from '../../runtime/bot-context';

export function registerConfigRoutes(app: FastifyInstance, ctx: BotContext): void {
  const schema = z.toJSONSchema(RuntimeConfig, { io: 'input', unrepresentable: 'any' });
  app.get('/config', async () => ({ config: ctx.config.get() }));
  app.get('/config/schema', async () => ({ schema }));
  app.patch('/config', { config: { rateLimit: { max: 30, timeWindow: '1 minute' } } }, async (req) => ({
    config: ctx.config.patch(req.body, sourceOf(req)),
  }));
}

export function sourceOf(req: { ip: string; headers: Record<string, string | string[] | undefined> }): string {
  const ua = req.headers['user-agent'];
  return `api ${req.ip}${typeof ua === 'string' ? ` (${ua.slice(0, 60)})` : ''}`;
}
