import { ResearchInputError } from '../errors';

const UNIT_MS: Record<string, number> = { h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 };

/** `90d`, `12h`, `2w` → ms. */
export function parseDuration(text: string, path = ''): number {
  const m = /^(\d+)([a-zA-Z]*)$/.exec(text.trim());
  if (!m) throw new ResearchInputError(`"${text}" is not a duration such as 90d, 12h or 2w`, path);
  const [, digits, unit] = m as unknown as [string, string, string];
  if (unit === '') throw new ResearchInputError(`"${text}" needs a unit: h, d or w`, path);
  const ms = UNIT_MS[unit];
  if (ms === undefined) {
    const hint = unit === 'm' ? ' ("m" could be minutes or months: use h, d or w)' : '';
    throw new ResearchInputError(`unknown unit "${unit}" in "${text}"${hint}; use h, d or w`, path);
  }
  const n = Number(digits);
  if (n === 0) throw new ResearchInputError(`"${text}" must be longer than zero`, path);
  return n * ms;
}

export interface WalkForwardSpec {
  inMs: number;
  outMs: number;
  stepMs?: number;
  anchored?: boolean;
}

/** `in=90d,out=30d[,step=30d][,anchored]`: the `--walk-forward` option. */
export function parseWalkForwardSpec(text: string): WalkForwardSpec {
  const seen = new Map<string, string>();
  let anchored = false;
  for (const raw of text.split(',')) {
    const part = raw.trim();
    if (part === '') throw new ResearchInputError(`empty item in "${text}"; expected in=90d,out=30d`);
    if (part === 'anchored') {
      anchored = true;
      continue;
    }
    const eq = part.indexOf('=');
    if (eq < 0) throw new ResearchInputError(`"${part}" is not key=value; expected in=90d,out=30d`);
    const key = part.slice(0, eq).trim();
    if (key !== 'in' && key !== 'out' && key !== 'step') throw new ResearchInputError(`unknown key "${key}"; known: in, out, step, anchored`);
    if (seen.has(key)) throw new ResearchInputError(`"${key}" is given twice`, key);
    seen.set(key, part.slice(eq + 1));
  }
  const inText = seen.get('in');
  const outText = seen.get('out');
  if (inText === undefined || outText === undefined) throw new ResearchInputError(`"${text}" needs both in= and out=, e.g. in=90d,out=30d`);
  const spec: WalkForwardSpec = { inMs: parseDuration(inText, 'in'), outMs: parseDuration(outText, 'out') };
  const step = seen.get('step');
  if (step !== undefined) {
    spec.stepMs = parseDuration(step, 'step');
    if (spec.stepMs < spec.outMs) throw new ResearchInputError('step must be at least out: out-of-sample windows must not overlap', 'step');
  }
  if (anchored) spec.anchored = true;
  return spec;
}
