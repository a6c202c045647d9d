// Fingerprints: sha256 of canonical JSON. The state is canonical by construction (sorted lists,
// fixed key order, see state.ts), so two reads of the same content give the same fingerprint.
import { createHash } from 'node:crypto';
import type { TargetState } from './state.ts';

export function sha256(text: string): string {
  return `sha256:${createHash('sha256').update(text).digest('hex')}`;
}

/** Canonical JSON: object keys sorted, undefined fields dropped. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}

export function stateFingerprint(state: TargetState): string {
  return sha256(canonicalJson(state));
}
