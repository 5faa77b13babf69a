import type { z } from 'zod';
import { API_PREFIX, ApiErrorBody } from '@aurora/contracts';
import { ApiNetworkError, ApiRequestError, ApiResponseShapeError, ApiUnauthorizedError } from './api-errors';

type Method = 'GET' | 'POST' | 'PATCH';

function issuesOf(error: z.ZodError): string[] {
  return error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
}

/**
 * The bot's REST API, typed by the contracts: every response is parsed with its zod schema,
 * so a component only ever sees data in the shape the server promised.
 */
export class ApiClient {
  constructor(
    private readonly token: string,
    private readonly onUnauthorized: () => void = () => undefined,
    private readonly baseUrl: string = API_PREFIX,
  ) {}

  get<S extends z.ZodType>(path: string, schema: S, signal?: AbortSignal): Promise<z.infer<S>> {
    return this.request('GET', path, schema, undefined, signal);
  }

  /** A text resource (an HTML report), with the same auth and error handling as the JSON reads. */
  async getText(path: string, signal?: AbortSignal): Promise<string> {
    let response: Response;
    try {
      response = await fetch(this.baseUrl + path, {
        headers: { authorization: `Bearer ${this.token}` },
        signal,
        cache: 'no-store',
      });
    } catch (cause) {
      if (signal?.aborted) throw cause;
      throw new ApiNetworkError(`The bot is unreachable (GET ${path})`, { cause });
    }
    if (!response.ok) throw this.toRequestError(response.status, await response.json().catch(() => null));
    return response.text();
  }

  post<S extends z.ZodType>(path: string, body: unknown, schema: S): Promise<z.infer<S>> {
    return this.request('POST', path, schema, body);
  }

  patch<S extends z.ZodType>(path: string, body: unknown, schema: S): Promise<z.infer<S>> {
    return this.request('PATCH', path, schema, body);
  }

  private async request<S extends z.ZodType>(
    method: Method,
    path: string,
    schema: S,
    body?: unknown,
    signal?: AbortSignal,
  ): Promise<z.infer<S>> {
    const headers: Record<string, string> = { authorization: `Bearer ${this.token}` };
    if (body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await fetch(this.baseUrl + path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal,
        cache: 'no-store',
      });
    } catch (cause) {
      if (signal?.aborted) throw cause;
      throw new ApiNetworkError(`The bot is unreachable (${method} ${path})`, { cause });
    }
    const json: unknown = await response.json().catch(() => null);
    if (!response.ok) throw this.toRequestError(response.status, json);
    const parsed = schema.safeParse(json);
    if (!parsed.success) throw new ApiResponseShapeError(`${method} ${path}`, issuesOf(parsed.error));
    return parsed.data;
  }

  private toRequestError(status: number, json: unknown): ApiRequestError {
    const body = ApiErrorBody.safeParse(json);
    const code = body.success ? body.data.error.code : `HTTP_${status}`;
    const message = body.success ? body.data.error.message : `The bot answered HTTP ${status}`;
    const fields = body.success ? (body.data.error.fields ?? []) : [];
    if (status === 401) {
      this.onUnauthorized();
      return new ApiUnauthorizedError(status, code, message, fields);
    }
    return new ApiRequestError(status, code, message, fields);
  }
}
