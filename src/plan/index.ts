// Plan stage entry: the desired state from the compiled policy, diffed against the target's.
export { desiredState } from './desired.ts';
export { makePlan } from './plan.ts';
export type { PlanOptions, PlanResult } from './plan.ts';
export { hasChanges } from './types.ts';
export type { Plan } from './types.ts';
