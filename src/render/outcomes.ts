// What an apply did, change by change: shown when it stopped part-way, so the user knows
// exactly which changes reached the target.
import type { ChangeOutcome } from '../targets/contract.ts';
import { plainText } from './plan/escape.ts';

const WIDTH = 'rolled-back'.length;

export function renderOutcomesText(outcomes: readonly ChangeOutcome[]): string {
  const lines = outcomes.map((o) => `  ${o.status.padEnd(WIDTH)}  ${o.action} ${o.kind} ${JSON.stringify(plainText(o.name))}${o.error !== undefined ? `: ${plainText(o.error)}` : ''}`);
  return ['Changes:', ...lines].join('\n');
}
