import type { ExecutionReport } from '@aurora/core';
import { withBaseline, type BenchResult } from './bench-result';
import {
  applyReports,
  BenchWorkloadError,
  openEntries,
  parseReportMessage,
  positionWorkload,
  registerExits,
  type PositionWorkload,
} from './position-workload';
import { REPORTS_PER_ROUND_TRIP, roundTrips, type RoundTrip } from './report-stream';
import { perSecond } from './throughput';

/** Target from issue 4: applying a report may cost at most this many JSON.parses of it. */
export const APPLY_COST_TARGET = 4;

const BATCH_TRIPS = 1_000;
const WARMUP_BATCHES = 2;
const MEASURED_BATCHES = 20;

interface BatchTiming {
  applyNs: bigint;
  parseNs: bigint;
  reports: number;
}

const now = (): bigint => process.hrtime.bigint();

function parseAll(messages: readonly string[]): ExecutionReport[] {
  return messages.map(parseReportMessage);
}

/** Times JSON.parse over the very messages the batch applies (the baseline). */
function timeJsonParse(messages: readonly string[]): bigint {
  let sink = 0;
  const start = now();
  for (const m of messages) if (JSON.parse(m) !== null) sink++;
  const ns = now() - start;
  if (sink !== messages.length) throw new BenchWorkloadError('a message parsed to null');
  return ns;
}

/**
 * One batch of round trips: position commands run untimed, the two report passes are timed.
 * Every report is fresh, so no timed report is answered by the duplicate check.
 */
export function runRoundTripBatch(w: PositionWorkload, trips: readonly RoundTrip[]): BatchTiming {
  const entryMessages = trips.flatMap((t) => t.entryMessages);
  const exitMessages = trips.flatMap((t) => t.exitMessages);
  const entryReports = parseAll(entryMessages);
  const exitReports = parseAll(exitMessages);
  const parseNs = timeJsonParse(entryMessages) + timeJsonParse(exitMessages);

  openEntries(w, trips);
  let start = now();
  const entries = applyReports(w, entryReports);
  let applyNs = now() - start;
  registerExits(w, trips);
  start = now();
  const exits = applyReports(w, exitReports);
  applyNs += now() - start;

  const reports = entryReports.length + exitReports.length;
  if (entries.changed + exits.changed !== reports || exits.closed !== trips.length) {
    throw new BenchWorkloadError(
      `workload went wrong: ${entries.changed + exits.changed}/${reports} reports changed a position, ` +
        `${exits.closed}/${trips.length} trades closed`,
    );
  }
  return { applyNs, parseNs, reports };
}

/**
 * Issue 4, second half: execution reports applied per second through PositionEngine (+ the
 * risk engine and trade insurance on closes), against JSON.parse of the same raw messages.
 */
export function runReportBench(): BenchResult[] {
  const w = positionWorkload();
  let next = 0;
  for (let b = 0; b < WARMUP_BATCHES; b++) {
    runRoundTripBatch(w, roundTrips(next, BATCH_TRIPS));
    next += BATCH_TRIPS;
  }
  let applyNs = 0n;
  let parseNs = 0n;
  let reports = 0;
  for (let b = 0; b < MEASURED_BATCHES; b++) {
    const t = runRoundTripBatch(w, roundTrips(next, BATCH_TRIPS));
    next += BATCH_TRIPS;
    applyNs += t.applyNs;
    parseNs += t.parseNs;
    reports += t.reports;
  }
  const applied = perSecond(reports, applyNs);
  const parsed = perSecond(reports, parseNs);
  const cost = Number(applyNs) / Number(parseNs);
  return [
    withBaseline(
      {
        name: 'core.execution_report.apply',
        value: Math.round(applied),
        unit: 'msg/s',
        target: {
          text: `apply ≤ ${APPLY_COST_TARGET}× parse cost (${cost.toFixed(2)}×)`,
          met: cost <= APPLY_COST_TARGET,
        },
        note:
          `${reports.toLocaleString('en-US')} fresh reports (${reports / REPORTS_PER_ROUND_TRIP} round trips: ` +
          'LIMIT BUY ack/partial/fill, MARKET SELL ack/partial/fill, BNB fees) through ' +
          'PositionEngine.onExecutionReport, RiskEngine.onTradeClosed and TradeInsurance.onTradeClosed ' +
          'on closes; parsing into core reports and position commands are outside the timing',
      },
      'JSON.parse of the same raw messages',
      Math.round(parsed),
    ),
  ];
}
