export { planWindows, type WalkForwardWindow, type WindowPlanInput } from './windows';
export { parseDuration, parseWalkForwardSpec, type WalkForwardSpec } from './spec';
export { walkForwardSummary, type WalkForwardResult, type WalkForwardSummary, type WindowScore } from './summary';
