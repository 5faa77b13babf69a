import type { z } from 'zod';
import { ApiError } from './api-error';

/** Parse a request part with its schema once; a failure is a 400 naming every bad field. */
export function parseOr400<T extends z.ZodType>(schema: T, value: unknown, what = 'request body'): z.infer<T> {
  const result = schema.safeParse(value ?? {});
  if (!result.success) throw ApiError.fromZod(result.error, what);
  return result.data;
}
