import { runResearchCli } from './research';

process.exitCode = runResearchCli(process.argv.slice(2));
