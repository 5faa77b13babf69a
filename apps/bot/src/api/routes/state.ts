import type { FastifyInstance } from 'fastify';
import type { SerializedSnapshot } from '../serialized-snapshot';

export function registerStateRoutes(app: FastifyInstance, snapshot: SerializedSnapshot): void {
  // A string body skips Fastify's serializer and the preSerialization hook: it already holds
  // the truth (fresh per request, see SerializedSnapshot).
  app.get('/state', async (_req, reply) => {
    void reply.type('application/json; charset=utf-8');
    return snapshot.text();
  });
}
