/**
 * A command the kernel refuses (not ready, no venue, unknown position...): an HTTP status, a
 * stable machine code and a human message. The app's API answers it like its own ApiError.
 */
export class KernelError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'KernelError';
  }
}

export const notFound = (what: string): KernelError => new KernelError(404, 'NOT_FOUND', `${what} not found`);
