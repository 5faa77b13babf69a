import type { ZodError } from 'zod';

export interface FieldProblem {
  path: string;
  message: string;
}

/** An error the API answers with: status, a stable machine code, a human message, field problems. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields?: FieldProblem[],
  ) {
    super(message);
    this.name = 'ApiError';
  }

  static fromZod(err: ZodError, what = 'request body'): ApiError {
    const fields = err.issues.map((i) => ({
      path: i.path.length ? i.path.join('.') : '(root)',
      message:
        i.code === 'unrecognized_keys' ? `unknown field(s): ${(i as { keys: string[] }).keys.join(', ')}` : i.message,
    }));
    return new ApiError(400, 'VALIDATION_FAILED', `Invalid ${what}: ${fields.map((f) => `${f.path}: ${f.message}`).join('; ')}`, fields);
  }
}

export const notFound = (what: string): ApiError => new ApiError(404, 'NOT_FOUND', `${what} not found`);
