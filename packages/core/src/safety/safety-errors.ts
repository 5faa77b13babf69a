/*
 * Bad input to the safety trackers never throws into the caller's loop (the execution-report
 * path must not die on one odd value): the tracker returns one of these, counts it, and keeps
 * its state unchanged. Callers branch on the class and `code`.
 */

export class InvalidLatencySample extends Error {
  constructor(
    readonly code: 'NOT_FINITE' | 'NEGATIVE' | 'TOO_MANY_SYMBOLS',
    readonly symbol: string,
    readonly value: number,
  ) {
    super(
      code === 'TOO_MANY_SYMBOLS'
        ? `latency sample for ${symbol} refused: the tracker already follows its maximum number of symbols`
        : `latency sample for ${symbol} refused: ${value} ms is ${code === 'NEGATIVE' ? 'negative' : 'not a finite number'}`,
    );
    this.name = 'InvalidLatencySample';
  }
}

export type TcaInputErrorCode =
  | 'DUPLICATE_TRADE'
  | 'UNKNOWN_TRADE'
  | 'INVALID_PRICE'
  | 'INVALID_QUANTITY'
  | 'INVALID_FEE'
  | 'NO_FILL_YET'
  | 'IMPACT_NOT_DUE'
  | 'IMPACT_NOT_PENDING';

export class TcaInputError extends Error {
  constructor(
    readonly code: TcaInputErrorCode,
    readonly positionId: string,
    detail: string,
  ) {
    super(`TCA input for position ${positionId} refused (${code}): ${detail}`);
    this.name = 'TcaInputError';
  }
}
