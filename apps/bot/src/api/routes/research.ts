import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { ResearchApplyRequest } from '@aurora/contracts';
import { BacktestStartError } from '../../backtests/backtest-service';
import { applyTrial } from '../../research/apply-trial';
import { backtestRequestOf, ResearchError } from '../../research/research-service';
import type { BotContext } from '../../runtime/bot-context';
import { ApiError } from '../api-error';
import { parseOr400 } from '../parse';
import { sourceOf } from './config';

const RunParams = z.strictObject({ id: z.string().min(1).max(200) });
const NoBody = z.strictObject({});
const TrialParams = z.strictObject({
  id: z.string().min(1).max(200),
  n: z.coerce.number().int().nonnegative().max(1_000_000),
});

/**
 * Research runs as `npm run optimize` stored them (read-only here), each trial's report, and
 * "use these parameters in Demo". An unreadable store answers 503 with its reason; it is sent
 * from here rather than thrown, because the generic handler would log it as an internal fault on
 * every poll (the store problem is counted and logged once per occurrence by the service).
 */
export function registerResearchRoutes(app: FastifyInstance, ctx: BotContext): void {
  const research = ctx.research;
  const answer = <T>(reply: FastifyReply, fn: () => T): T | FastifyReply => {
    try {
      return fn();
    } catch (err) {
      if (!(err instanceof ResearchError)) throw err;
      if (err.status === 503)
        return reply
          .status(503)
          .send({ error: { code: err.code, message: err.message }, truth: ctx.state.truth() });
      throw new ApiError(err.status, err.code, err.message, err.fields);
    }
  };

  app.get('/research/runs', async (_req, reply) => answer(reply, () => ({ items: research.list() })));

  app.get('/research/runs/:id', async (req, reply) => {
    const { id } = parseOr400(RunParams, req.params, 'path');
    return answer(reply, () => research.detail(id, ctx.backtests.list()));
  });

  app.post(
    '/research/runs/:id/trials/:n/backtest',
    { config: { rateLimit: { max: 10, timeWindow: '1 minute' } } },
    async (req, reply) => {
      const { id, n } = parseOr400(TrialParams, req.params, 'path');
      // The trial's own spec is what runs: a body can only be empty (anything in it is refused, not ignored).
      parseOr400(NoBody, req.body);
      return answer(reply, () => {
        const spec = research.trial(id, n);
        // Reuse, never duplicate: a trial whose report exists (or is being made) gets that one.
        const existing = research.reportFor(spec, ctx.backtests.list());
        if (existing) return reply.status(200).send({ run: existing });
        const request = backtestRequestOf(spec.run, spec.trial);
        if (!request.success)
          throw new ResearchError(
            409,
            'TRIAL_NOT_BACKTESTABLE',
            `Trial ${n} of run ${id} cannot be backtested from the dashboard: ${request.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
          );
        try {
          return reply.status(202).send({ run: ctx.backtests.start(request.data) });
        } catch (err) {
          if (err instanceof BacktestStartError)
            throw new ApiError(err.status, err.code, err.message, err.fields);
          throw err;
        }
      });
    },
  );

  app.post(
    '/research/runs/:id/trials/:n/apply',
    { config: { rateLimit: { max: 10, timeWindow: '1 minute' } } },
    async (req, reply) => {
      const { id, n } = parseOr400(TrialParams, req.params, 'path');
      const body = parseOr400(ResearchApplyRequest, req.body);
      return answer(reply, () =>
        applyTrial(research.trial(id, n), body, sourceOf(req), {
          accountMode: () => ctx.state.accountMode,
          config: ctx.config,
          strategies: ctx.strategies,
        }),
      );
    },
  );
}
