import { optimizeCli } from './optimize-cli';
import { researchMath } from './research-math-wiring';

process.exitCode = await optimizeCli(process.argv.slice(2), researchMath);
