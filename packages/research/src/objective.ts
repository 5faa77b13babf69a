import type { Objective, TrialMetrics } from './trial';

/** The number an objective ranks a trial by; every objective is maximized. */
export function objectiveScore(metrics: TrialMetrics, objective: Objective): number {
  switch (objective) {
    case 'sharpe':
      return metrics.sharpe;
    case 'sortino':
      return metrics.sortino;
    case 'calmar':
      return metrics.calmar;
    case 'profit':
      return metrics.profit;
    case 'expectancy':
      return metrics.expectancy;
  }
}

/** Objectives whose value grows with the window's length (the others are annualized or per trade). */
export const extensiveObjective = (objective: Objective): boolean => objective === 'profit';
