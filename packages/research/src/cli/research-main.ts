import { applyCli, APPLY_USAGE } from './apply-cli';
import { UsageError } from './data-dir';
import { runResearchCli } from './research';

const argv = process.argv.slice(2);
if (argv[0] === 'apply') {
  applyCli(argv.slice(1)).then(
    (code) => (process.exitCode = code),
    (err: Error) => {
      process.exitCode = err instanceof UsageError ? 2 : 1;
      console.error(err instanceof UsageError ? `${err.message}\n\n${APPLY_USAGE}` : err.message);
    },
  );
} else {
  process.exitCode = runResearchCli(argv);
}
