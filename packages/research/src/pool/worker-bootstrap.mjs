// A pool worker starts here, in plain JavaScript: it registers tsx's ESM loader in this thread
// (a worker does not inherit the loader hooks of the thread that made it, whether that one runs
// under the tsx CLI or vitest) and then imports the TypeScript worker body.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
