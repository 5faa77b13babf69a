import { workerCli } from './worker';

process.exitCode = await workerCli(process.argv.slice(2));
