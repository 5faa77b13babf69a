/**
 * Typed errors of the history package. Each names the file (and line, where there is one) so a
 * user can find the bad input; callers branch on the class, never on the message.
 */
export class HistoryError extends Error {
  constructor(
    message: string,
    /** The file (archive name, path or URL) the error is about. */
    readonly file: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Not a zip, a truncated zip, or a zip whose entry does not inflate to its recorded CRC. */
export class ZipFormatError extends HistoryError {}

/** The archive's bytes do not hash to the sha256 its `.CHECKSUM` file names. */
export class ChecksumMismatchError extends HistoryError {
  constructor(
    file: string,
    readonly expected: string,
    readonly actual: string,
  ) {
    super(`${file}: checksum mismatch (expected sha256 ${expected}, got ${actual}); file refused`, file);
  }
}

/** A `.CHECKSUM` file that is absent, unreadable or names another file. */
export class ChecksumFileError extends HistoryError {}

/** An HTTP answer other than 200/206/404 from the archive. */
export class ArchiveHttpError extends HistoryError {
  constructor(
    url: string,
    readonly status: number,
  ) {
    super(`${url}: HTTP ${status}`, url);
  }
}

/** A catalog file (binary candles or manifest) that does not read back as written. */
export class CatalogFormatError extends HistoryError {}
