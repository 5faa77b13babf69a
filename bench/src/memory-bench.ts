import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import { withBaseline, type BenchResult } from './bench-result';
import { positionWorkload } from './position-workload';
import { runRoundTripBatch } from './report-bench';
import { REPORTS_PER_ROUND_TRIP, roundTrips } from './report-stream';

const BATCH_TRIPS = 500;
const FIRST_MARK = 10_000;
const REPORTS = 100_000;
const MB = 1024 * 1024;

/** A full collection on demand, also when node was started without --expose-gc (as `tsx` is). */
function fullGc(): () => void {
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (typeof exposed === 'function') return exposed;
  v8.setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

const heapAfterGc = (gc: () => void): number => {
  // Twice: the first pass can leave objects that only a second one frees (weak refs, finalizers).
  gc();
  gc();
  return process.memoryUsage().heapUsed;
};

const mb = (bytes: number): number => Math.round((bytes / MB) * 100) / 100;

/**
 * Issue 4's bound, seen from outside: heap used after 100k execution reports through the
 * report path, against the same engines before the first report. Growth between 10k and 100k
 * reports shows whether memory is bounded (finished positions are capped) or leaks.
 */
export function runMemoryBench(): BenchResult[] {
  const gc = fullGc();
  const w = positionWorkload();
  const empty = heapAfterGc(gc);
  let applied = 0;
  let next = 0;
  let firstMark: { reports: number; heap: number } | null = null;
  while (applied < REPORTS) {
    const trips = roundTrips(next, BATCH_TRIPS);
    next += BATCH_TRIPS;
    applied += runRoundTripBatch(w, trips).reports;
    if (firstMark === null && applied >= FIRST_MARK) firstMark = { reports: applied, heap: heapAfterGc(gc) };
  }
  const full = heapAfterGc(gc);
  const kept = w.positions.getAllPositions().length;
  const first = firstMark ?? { reports: applied, heap: full };
  const note =
    `${applied.toLocaleString('en-US')} reports (${applied / REPORTS_PER_ROUND_TRIP} round trips); ` +
    `heapUsed after two full GCs; positions still in memory: ${kept}`;
  return [
    withBaseline(
      { name: 'memory.heap_after_100k_reports', value: mb(full), unit: 'MB', note },
      'same engines before any report',
      mb(empty),
    ),
    withBaseline(
      {
        name: 'memory.growth_after_100k_reports',
        value: mb(full - empty),
        unit: 'MB',
        note: `a ratio near 1 means bounded: ten times the reports, the same memory`,
      },
      `growth after ${first.reports.toLocaleString('en-US')} reports`,
      mb(first.heap - empty),
    ),
  ];
}
