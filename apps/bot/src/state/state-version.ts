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

  /** Failed attempts to persist the mark (the database refusing writes). */
  persistFailures = 0;

  /**
   * A database that refuses writes must not stop the bot from counting: the version keeps
   * moving in memory and every later change retries the reservation until one is on disk.
   */
  private reserve(): void {
    const target = this.value + this.block;
    try {
      this.persistence.saveHighWaterMark(target);
      this.reservedUpTo = target;
    } catch {
      this.persistFailures += 1;
    }
  }
}
