// Advisories of SPEC.md, Effective access: combinations that do not do what people expect.
// Reported once per combination of profiles (with how many users share it), at the first
// such user, so a large repository gets a readable list rather than thousands of lines.
import type { GrantedThrough } from '../diagnostics/args.ts';
import type { Diagnostic } from '../diagnostics/types.ts';
import type { Combination } from './combinations.ts';
import type { AccessSet, CompiledPolicy, Reason } from './types.ts';
import { pushAll } from '../util/arrays.ts';

interface Check {
  readonly code: 'PC501' | 'PC502';
  readonly severity: Diagnostic['severity'];
  readonly applies: (access: AccessSet) => boolean;
  /** Extra arguments of the finding for this access (PC502: the pairs held). */
  readonly args?: (access: AccessSet) => Record<string, unknown>;
}

/** Redacted and unredacted access held together. 002 of the legacy pair; Amazon Connect's page
 *  of today's: "If you have BOTH … (unredacted) - Access and … (redacted) - Access permissions:
 *  If redaction is enabled on the flow, then redacted content is displayed". */
const REDACTION_PAIRS: readonly (readonly [string, string])[] = [
  ['RedactedData.View', 'ListenCallRecordings'],
  ['CallRecordings.Redacted.Access', 'CallRecordings.Unredacted.Access'],
  ['ContactTranscripts.Redacted.Access', 'ContactTranscripts.Unredacted.Access'],
];
const pairsHeld = (a: AccessSet): (readonly [string, string])[] => REDACTION_PAIRS.filter(([r, u]) => a.has.has(r) && a.has.has(u));

const CHECKS: readonly Check[] = [
  // "Be sure to assign managers to the Agent security profile so they can access the CCP."
  { code: 'PC501', severity: 'warning', applies: (a) => a.has.has('ManagerListenIn') && !a.has.has('BasicAgentAccess') },
  // "If you have permissions to both Recorded conversations (redacted) and (unredacted)…"
  {
    code: 'PC502', severity: 'info', applies: (a) => pairsHeld(a).length > 0,
    // The legacy pair alone keeps its message; today's pairs are named.
    args: (a) => {
      const pairs = pairsHeld(a);
      return pairs.length === 1 && pairs[0]?.[0] === 'RedactedData.View' ? {} : { pairs };
    },
  },
];

export function advisories(policy: CompiledPolicy, combinations: readonly Combination[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const check of CHECKS) {
    for (const { access, first, count } of combinations) {
      if (!check.applies(access)) continue;
      out.push({ code: check.code, severity: check.severity, file: first.origin.file, doc: first.origin.doc, path: [...first.origin.path, 'login'], args: { login: first.login, others: count - 1, ...check.args?.(access) } });
    }
  }
  pushAll(out, downloadAdvisories(policy, combinations));
  return out;
}

/** The download buttons: DownloadCallRecordings ("This setting isn't a security feature", 001)
 *  and today's Amazon Connect's per-content buttons, of which its page says the same ("This
 *  permission only controls the ability to view the download button. They might still be able
 *  to download the contact recording without this permission"). */
export const DOWNLOAD_BUTTONS = [
  'DownloadCallRecordings',
  'CallRecordings.Unredacted.DownloadButton',
  'CallRecordings.Redacted.DownloadButton',
  'ContactTranscripts.Unredacted.DownloadButton',
  'AutomatedVoiceInteraction.Recordings.Unredacted.DownloadButton',
] as const;

/** "This setting isn't a security feature": once per profile in use that grants a download
 *  button however it does (declared, through DeleteCallRecordings, through extends, or as a
 *  built-in profile such as CallCenterManager), at the profile or, for a built-in one, at
 *  its first holder. */
function downloadAdvisories(policy: CompiledPolicy, combinations: readonly Combination[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const p of policy.profiles.values()) {
    const held = DOWNLOAD_BUTTONS.filter((n) => p.permissions.has(n));
    const reasons = held[0] === undefined ? undefined : p.permissions.get(held[0]);
    if (reasons === undefined) continue;
    // Said only when the profile does not list it itself.
    const listed = reasons.some((r) => r.type === 'declared' || r.type === 'default-profile');
    const through = listed ? [] : reasons.flatMap(grantedThrough);
    const named = held.length === 1 && held[0] === 'DownloadCallRecordings' ? {} : { permissions: [...held] };
    const args = { profile: p.name, ...(through.length > 0 ? { through } : {}), ...named };
    if (p.origin) {
      out.push({ code: 'PC503', severity: 'info', file: p.origin.file, doc: p.origin.doc, path: ['name'], args });
      continue;
    }
    const holder = combinations.find((c) => c.access.profiles.includes(p.name))?.first;
    if (holder) out.push({ code: 'PC503', severity: 'info', file: holder.origin.file, doc: holder.origin.doc, path: [...holder.origin.path, 'login'], args: { ...args, heldBy: holder.login } });
  }
  return out;
}

/** How a profile grants a permission it does not list: the rule or the parent, as data. */
function grantedThrough(r: Reason): GrantedThrough[] {
  switch (r.type) {
    case 'implied':
      return [{ type: 'implied', by: r.by }];
    case 'extends':
      return [{ type: 'extends', profile: r.profile }];
    case 'declared':
    case 'default-profile':
      return [];
  }
}
