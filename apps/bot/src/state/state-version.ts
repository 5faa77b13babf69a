/**
 * state_version never goes backwards, also across restarts, without a disk write per change:
 * we persist a high-water mark ahead of the current version (a reserved block) and, after a
 * restart, continue from that mark. Versions skipped by a crash are harmless; a reused one
 * would tell a dashboard "nothing changed" when it had.
 */
export interface VersionPersistence {
  loadHighWaterMark(): number;
  saveHighWaterMark(mark: number): void;
}

export class StateVersion {
  private value: number;
  private reservedUpTo: number;

  constructor(
    private readonly persistence: VersionPersistence,
    private readonly block = 1000,
  ) {
    this.value = persistence.loadHighWaterMark();
    this.reservedUpTo = this.value;
    this.reserve();
  }

  get current(): number {
    return this.value;
  }

  next(): number {
    this.value += 1;
    if (this.value >= this.reservedUpTo) this.reserve();
    return this.value;
  }

  private reserve(): void {
    this.reservedUpTo = this.value + this.block;
    this.persistence.saveHighWaterMark(this.reservedUpTo);
  }
}
