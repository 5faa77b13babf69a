import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_ARCHIVE_URL } from './archive-layout';
import { downloadsDirOf, syncArchive } from './archive-sync';
import { Catalog } from './catalog';
import { formatListing } from './catalog-listing';
import { importFiles } from './importer';
import { parseInterval } from './intervals';
import { parseMonth } from './months';
import { describeReport, endProgress, progressRenderer } from './progress';

const USAGE = `usage:
  npm run data -- download --symbols BTCUSDT,ETHUSDT --interval 1m --from 2024-01 --to 2025-06 [--base-url URL]
  npm run data -- import <zip|csv|folder> [--symbol BTCUSDT --interval 1m]
  npm run data -- list

The catalog lives in <AURORA_DATA_DIR>/catalog (default ./data/catalog; --data-dir overrides).
The archive is ${DEFAULT_ARCHIVE_URL} (AURORA_HISTORY_BASE_URL or --base-url overrides).`;

/** Exit codes: 0 all done, 1 some file failed (the others are stored), 2 bad usage. */
async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      symbols: { type: 'string' },
      symbol: { type: 'string' },
      interval: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      'base-url': { type: 'string' },
      'data-dir': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  const [command, target] = positionals;
  if (values.help || !command) {
    console.log(USAGE);
    return values.help ? 0 : 2;
  }
  const dataDir = resolve(values['data-dir'] ?? process.env.AURORA_DATA_DIR ?? './data');
  const catalog = new Catalog(join(dataDir, 'catalog'));
  const now = (): number => Date.now();

  if (command === 'list') {
    console.log(formatListing(catalog.list()));
    return 0;
  }
  if (command === 'download') {
    if (!values.symbols || !values.from || !values.to)
      throw new UsageError('download needs --symbols, --from and --to');
    const symbols = values.symbols
      .split(',')
      .map((s) => s.trim().toUpperCase())
      .filter((s) => s !== '');
    const stop = new AbortController();
    process.once('SIGINT', () => stop.abort());
    const render = progressRenderer(process.stderr);
    const summary = await syncArchive({
      catalog,
      baseUrl: values['base-url'] ?? process.env.AURORA_HISTORY_BASE_URL ?? DEFAULT_ARCHIVE_URL,
      downloadsDir: downloadsDirOf(dataDir),
      symbols,
      interval: parseInterval(values.interval ?? '1m'),
      from: parseMonth(values.from),
      to: parseMonth(values.to),
      now,
      signal: stop.signal,
      onEvent: render,
    }).finally(() => endProgress(process.stderr));
    console.log(
      `${summary.stored} stored, ${summary.skipped} already there, ${summary.missing.length} not in the archive, ` +
        `${summary.failed.length} failed, ${summary.rejectedLines} bad lines skipped. Catalog: ${catalog.root}`,
    );
    for (const f of summary.failed) console.log(`  failed: ${f.message}`);
    return summary.failed.length > 0 ? 1 : 0;
  }
  if (command === 'import') {
    if (!target) throw new UsageError('import needs a zip, csv or folder');
    const summary = importFiles(resolve(target), {
      catalog,
      now,
      ...(values.symbol ? { symbol: values.symbol.toUpperCase() } : {}),
      ...(values.interval ? { interval: parseInterval(values.interval) } : {}),
      onFile: (e) => {
        if (e.outcome === 'stored') {
          const [first, ...rest] = describeReport(e.report);
          console.log([`stored   ${e.name}: ${first}`, ...rest].join('\n'));
        } else if (e.outcome === 'skipped') console.log(`skipped  ${e.name}: already in the catalog`);
        else console.log(`FAILED   ${e.name}: ${e.error.message}`);
      },
    });
    console.log(
      `${summary.stored} stored, ${summary.skipped} already there, ${summary.failed.length} failed, ` +
        `${summary.rejectedLines} bad lines skipped. Catalog: ${catalog.root}`,
    );
    return summary.failed.length > 0 ? 1 : 0;
  }
  throw new UsageError(`unknown command "${command}"`);
}

class UsageError extends Error {}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    const usage =
      err instanceof UsageError ||
      (err instanceof Error && /^(unknown kline interval|"|--from)/.test(err.message));
    console.error(`data: ${err instanceof Error ? err.message : String(err)}`);
    if (usage) console.error(USAGE);
    process.exitCode = usage ? 2 : 1;
  },
);
