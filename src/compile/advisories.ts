// Advisories of SPEC.md, Effective access: combinations that do not do what people expect.
// Reported once per combination of profiles (with how many users share it), at the first
// such user, so a large repository gets a readable list rather than thousands of lines.
import type { Diagnostic } from '../diagnostics/types.ts';
import type { Combination } from './combinations.ts';
import type { AccessSet, CompiledPolicy } from './types.ts';

interface Check {
  readonly code: 'PC501' | 'PC502';
  readonly severity: Diagnostic['severity'];
  readonly applies: (access: AccessSet) => boolean;
}

const CHECKS: readonly Check[] = [
  // "Be sure to assign managers to the Agent security profile so they can access the CCP."
  { code: 'PC501', severity: 'warning', applies: (a) => a.has.has('ManagerListenIn') && !a.has.has('BasicAgentAccess') },
  // "If you have permissions to both Recorded conversations (redacted) and (unredacted)…"
  { code: 'PC502', severity: 'info', applies: (a) => a.has.has('RedactedData.View') && a.has.has('ListenCallRecordings') },
];

export function advisories(policy: CompiledPolicy, combinations: readonly Combination[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const check of CHECKS) {
    for (const { access, first, count } of combinations) {
      if (!check.applies(access)) continue;
      out.push({ code: check.code, severity: check.severity, file: first.origin.file, doc: first.origin.doc, path: [...first.origin.path, 'login'], args: { login: first.login, others: count - 1 } });
    }
  }
  // "This setting isn't a security feature": said once per repository profile that grants it.
  for (const p of policy.profiles.values()) {
    if (p.origin && p.declared.includes('DownloadCallRecordings')) {
      out.push({ code: 'PC503', severity: 'info', file: p.origin.file, doc: p.origin.doc, path: ['name'], args: { profile: p.name } });
    }
  }
  return out;
}
