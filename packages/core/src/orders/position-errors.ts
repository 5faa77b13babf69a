/** Typed failures of PositionEngine commands (callers branch on the class). */
export class UnknownPosition extends Error {
  constructor(readonly positionId: string) {
    super(`no position ${positionId}`);
    this.name = 'UnknownPosition';
  }
}

export class DuplicatePosition extends Error {
  constructor(readonly positionId: string) {
    super(`position ${positionId} already exists`);
    this.name = 'DuplicatePosition';
  }
}

/** A clientOrderId already tracked by some position (entry or exit). */
export class DuplicateOrder extends Error {
  constructor(readonly clientOrderId: string) {
    super(`order ${clientOrderId} is already tracked`);
    this.name = 'DuplicateOrder';
  }
}

/** A command argument the engine cannot accept (non-positive quantity, foreign quote asset …). */
export class InvalidPositionInput extends Error {
  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    super(`${field}: ${reason}`);
    this.name = 'InvalidPositionInput';
  }
}

/** An exit for more than the position has open (net of exits already working). */
export class ExitExceedsOpenQuantity extends Error {
  constructor(
    readonly positionId: string,
    readonly requested: string,
    readonly available: string,
  ) {
    super(`exit of ${requested} on position ${positionId} exceeds the ${available} available to close`);
    this.name = 'ExitExceedsOpenQuantity';
  }
}

export class InvalidPositionRecord extends Error {
  constructor(
    readonly positionId: string,
    readonly reason: string,
  ) {
    super(`position record ${positionId} is invalid: ${reason}`);
    this.name = 'InvalidPositionRecord';
  }
}
