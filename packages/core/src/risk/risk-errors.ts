/** A persisted risk snapshot (engine or breaker) could not be read back; the caller decides to fail closed. */
export class RiskSnapshotInvalid extends Error {
  override readonly name = 'RiskSnapshotInvalid';
  constructor(
    readonly part: 'engine' | 'breaker',
    readonly detail: string,
  ) {
    super(`invalid ${part} snapshot: ${detail}`);
  }
}
