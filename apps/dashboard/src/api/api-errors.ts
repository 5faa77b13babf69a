/* What can go wrong talking to the bot, as types the UI can branch on. */

export interface FieldError {
  path: string;
  message: string;
}

/** The bot answered with an error body (400, 404, 409, 429, 5xx). */
export class ApiRequestError extends Error {
  override readonly name: string = 'ApiRequestError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: FieldError[] = [],
  ) {
    super(message);
  }
}

/** The token was refused (401): the operator must enter it again. */
export class ApiUnauthorizedError extends ApiRequestError {
  override readonly name = 'ApiUnauthorizedError';
}

/** The bot could not be reached at all. */
export class ApiNetworkError extends Error {
  override readonly name = 'ApiNetworkError';
}

/** The bot answered, but not in the shape the contracts promise: never shown as data. */
export class ApiResponseShapeError extends Error {
  override readonly name = 'ApiResponseShapeError';
  constructor(
    readonly route: string,
    readonly issues: string[],
  ) {
    super(`Unexpected response from ${route}: ${issues.slice(0, 3).join('; ')}`);
  }
}

export function describeError(error: unknown): string {
  if (error instanceof ApiRequestError) return `${error.message} (${error.code}, HTTP ${error.status})`;
  if (error instanceof Error) return error.message;
  return 'Unknown error';
}
