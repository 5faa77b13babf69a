import type { GateName } from '@aurora/contracts';

/** The pipeline order, as the bot evaluates it. */
export const GATE_ORDER: readonly GateName[] = ['DATA_QUALITY', 'INSURANCE', 'RISK', 'EXECUTION_QUALITY'];

export const GATE_LABEL: Record<GateName, string> = {
  DATA_QUALITY: 'Data quality',
  INSURANCE: 'Insurance',
  RISK: 'Risk',
  EXECUTION_QUALITY: 'Execution quality',
};
