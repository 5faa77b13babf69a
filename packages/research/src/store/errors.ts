/**
 * The research store refuses a file it cannot trust instead of writing a fresh database over it:
 * a run's trials are hours of CPU. Callers branch on the class, never on the message.
 */
export class ResearchStoreError extends Error {
  constructor(
    readonly path: string,
    readonly problem: string,
  ) {
    super(`${path}: ${problem}; the research store will not open it (the file is left as it is)`);
    this.name = new.target.name;
  }
}

/** Not an SQLite file, truncated, or failing SQLite's quick_check. */
export class ResearchStoreCorrupt extends ResearchStoreError {}

/** Written by a newer Aurora: its schema version is above the one this code knows. */
export class ResearchStoreTooNew extends ResearchStoreError {
  constructor(
    path: string,
    readonly fileVersion: number,
    readonly supportedVersion: number,
  ) {
    super(
      path,
      `schema version ${fileVersion} is newer than this version of Aurora reads (${supportedVersion})`,
    );
  }
}

/** A run id that is not in the store (resume, show, compare). */
export class RunNotFound extends Error {
  constructor(readonly runId: string) {
    super(`no research run with id ${runId}`);
    this.name = 'RunNotFound';
  }
}

/** Resuming a run with settings other than the ones it was started with. */
export class RunMismatch extends Error {
  constructor(
    readonly runId: string,
    readonly field: string,
  ) {
    super(
      `run ${runId} was started with another ${field}; resume it with the same settings or start a new run`,
    );
    this.name = 'RunMismatch';
  }
}
