import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = dirname(fileURLToPath(import.meta.url));

/** The engine runs on its ports: none of these may be imported by its code. */
const FORBIDDEN = [/^@aurora\/binance/, /^@aurora\/exchange-sim/, /^@aurora\/bot/, /^fastify/, /^@fastify\//, /^better-sqlite3/, /^(node:)?timers/];
/** Outside the one scheduler that wraps them, nothing reads the host's clock, timers or random ids. */
const HOST_ONLY = /\b(Date\.now|randomUUID|setTimeout|setInterval|setImmediate|performance\.now|process\.hrtime)\b/;
const HOST_ONLY_ALLOWED = new Set(['scheduler/real-scheduler.ts']);

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sources(path);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [path] : [];
  });
}

/** Every module specifier of `import … from '…'` and `export … from '…'` (type-only ones too). */
function specifiers(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/^\s*(?:import|export)\b[^;]*?\bfrom\s+['"]([^'"]+)['"]/gms)) out.push(m[1]!);
  for (const m of text.matchAll(/^\s*import\s+['"]([^'"]+)['"]/gm)) out.push(m[1]!);
  return out;
}

function graph(): Map<string, string[]> {
  const g = new Map<string, string[]>();
  for (const file of sources(SRC)) {
    const local = specifiers(readFileSync(file, 'utf8'))
      .filter((s) => s.startsWith('.'))
      .map((s) => relative(SRC, resolve(dirname(file), s.endsWith('.ts') ? s : `${s}.ts`)));
    g.set(relative(SRC, file), local);
  }
  return g;
}

/** One cycle (as a path) per strongly connected tangle found by a depth-first walk. */
function cycles(g: Map<string, string[]>): string[][] {
  const found: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (n: string): void => {
    state.set(n, 'open');
    stack.push(n);
    for (const m of g.get(n) ?? []) {
      if (state.get(m) === 'open') found.push([...stack.slice(stack.indexOf(m)), m]);
      else if (!state.has(m)) visit(m);
    }
    stack.pop();
    state.set(n, 'done');
  };
  for (const n of [...g.keys()].sort()) if (!state.has(n)) visit(n);
  return found;
}

describe('the engine import graph', () => {
  const g = graph();

  it('finds the sources and resolves every relative import to one of them', () => {
    expect(g.has('kernel/trading-kernel.ts')).toBe(true);
    for (const [file, deps] of g) for (const d of deps) expect(g.has(d), `${file} imports ${d}`).toBe(true);
  });

  it('has no cycle', () => {
    expect(cycles(g).map((c) => c.join(' → '))).toEqual([]);
  });

  it('detects a cycle when there is one', () => {
    const knot = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts']],
      ['c.ts', ['a.ts']],
      ['d.ts', ['a.ts']],
    ]);
    expect(cycles(knot)).toEqual([['a.ts', 'b.ts', 'c.ts', 'a.ts']]);
  });

  it('imports no venue, simulator, web framework, database or timers module', () => {
    const bad: string[] = [];
    for (const file of sources(SRC))
      for (const s of specifiers(readFileSync(file, 'utf8')))
        if (FORBIDDEN.some((re) => re.test(s))) bad.push(`${relative(SRC, file)}: ${s}`);
    expect(bad).toEqual([]);
  });

  it('reads the clock, timers and random ids only through its ports', () => {
    const bad: string[] = [];
    for (const file of sources(SRC)) {
      const rel = relative(SRC, file);
      if (HOST_ONLY_ALLOWED.has(rel)) continue;
      readFileSync(file, 'utf8')
        .split('\n')
        .forEach((line, i) => {
          if (!/^\s*(\/\/|\*)/.test(line) && HOST_ONLY.test(line)) bad.push(`${rel}:${i + 1}: ${line.trim()}`);
        });
    }
    expect(bad).toEqual([]);
  });

  it('parses multi-line and type-only imports', () => {
    expect(specifiers("import type {\n  A,\n  B,\n} from './x';\nexport { C } from '../y';\nimport './z';")).toEqual(['./x', '../y', './z']);
  });
});
