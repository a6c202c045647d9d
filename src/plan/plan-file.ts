// Reading a saved plan file: readers reject an unknown major format version (SPEC.md) and a
// file that is not a plan, with a reason a user can act on.
import type { Plan } from './types.ts';
import { PLAN_FORMAT_VERSION } from './types.ts';

export type PlanFile = { readonly ok: true; readonly plan: Plan } | { readonly ok: false; readonly reason: string };

const ARRAYS = ['changes', 'access', 'findings', 'unmanaged'] as const;
const STRINGS = ['instance', 'target', 'createdAt', 'targetFingerprint', 'policyFingerprint'] as const;

export function parsePlanFile(text: string): PlanFile {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    // One line: the parser quotes the file's text, line breaks included.
    return { ok: false, reason: `not JSON (${(e instanceof Error ? e.message : String(e)).replace(/\s+/g, ' ')})` };
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return { ok: false, reason: 'not a permctl plan (expected a JSON object)' };
  const d = data as Record<string, unknown>;
  const version = d.format_version;
  if (typeof version !== 'string') return { ok: false, reason: 'not a permctl plan (no format_version); make one with permctl plan --out FILE' };
  const major = version.split('.')[0];
  if (major !== PLAN_FORMAT_VERSION.split('.')[0]) return { ok: false, reason: `format_version ${version} is not supported by this permctl (reads ${PLAN_FORMAT_VERSION.split('.')[0]}.x); plan again with this version` };
  for (const k of STRINGS) if (typeof d[k] !== 'string') return { ok: false, reason: `field ${k} is missing or not a string` };
  for (const k of ARRAYS) if (!Array.isArray(d[k])) return { ok: false, reason: `field ${k} is missing or not a list` };
  return { ok: true, plan: data as Plan };
}
