export { dataQualityGate } from './data-quality-gate';
export { DecisionRing } from './decision-ring';
export {
  gateAllow,
  gateBlock,
  type Decision,
  type DecisionRequest,
  type GateInputs,
  type GateOutcome,
  type ProposalInput,
} from './decision-types';
export { executionQualityGate, type ExecutionQualityResult } from './execution-quality-gate';
export {
  TradeInsurance,
  type InsuranceCode,
  type InsuranceInput,
  type InsuranceInputs,
  type InsuranceVerdict,
} from './insurance';
export { DecisionPipeline, type DecisionPipelineConfig, type DecisionPipelineDeps } from './pipeline';
export { riskGate, type RiskGateResult } from './risk-gate';
