import { resolve } from 'node:path';

/** The research store sits beside the bot's data: <AURORA_DATA_DIR>/research.db (--data-dir overrides). */
export const dataDirOf = (flag: string | undefined): string =>
  resolve(flag ?? process.env.AURORA_DATA_DIR ?? './data');

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
