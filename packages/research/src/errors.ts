/** Bad research input (a space file, a window spec, an empty sample): a clear, typed error. */
export class ResearchInputError extends Error {
  override readonly name = 'ResearchInputError';
  constructor(
    message: string,
    /** Where in the input, e.g. `parameters.fast.max` or `in`. */
    readonly path: string = '',
  ) {
    super(path ? `${path}: ${message}` : message);
  }
}
