// Advisories of SPEC.md, Effective access: combinations that do not do what people expect.
// Reported once per combination of profiles (with how many users share it), at the first
// such user, so a large repository gets a readable list rather than thousands of lines.
import type { Code } from '../diagnostics/codes.ts';
import type { Diagnostic } from '../diagnostics/types.ts';
import type { CompiledPolicy, CompiledUser } from './types.ts';

interface UserCheck {
  readonly code: Code;
  readonly applies: (u: CompiledUser) => boolean;
}

const USER_CHECKS: readonly UserCheck[] = [
  // "Be sure to assign managers to the Agent security profile so they can access the CCP."
  { code: 'PC501', applies: (u) => u.access.has.has('ManagerListenIn') && !u.access.has.has('BasicAgentAccess') },
  // "If you have permissions to both Recorded conversations (redacted) and (unredacted)…"
  { code: 'PC502', applies: (u) => u.access.has.has('RedactedData.View') && u.access.has.has('ListenCallRecordings') },
];

function grouped(users: readonly CompiledUser[], check: UserCheck): Diagnostic[] {
  const first = new Map<string, { user: CompiledUser; count: number }>();
  for (const u of users) {
    if (!check.applies(u)) continue;
    const key = u.access.profiles.join('\n');
    const entry = first.get(key);
    if (entry) entry.count++;
    else first.set(key, { user: u, count: 1 });
  }
  return [...first.values()].map(({ user, count }) => ({
    code: check.code,
    severity: check.code === 'PC501' ? 'warning' : 'info',
    file: user.origin.file,
    doc: user.origin.doc,
    path: [...user.origin.path, 'login'],
    args: { subject: count > 1 ? `user "${user.login}" (and ${count - 1} more with the same profiles)` : `user "${user.login}"` },
  }));
}

export function advisories(policy: CompiledPolicy): Diagnostic[] {
  const out = USER_CHECKS.flatMap((c) => grouped(policy.users, c));
  // "This setting isn't a security feature": said once per repository profile that grants it.
  for (const p of policy.profiles.values()) {
    if (p.origin && p.declared.includes('DownloadCallRecordings')) {
      out.push({ code: 'PC503', severity: 'info', file: p.origin.file, doc: p.origin.doc, path: ['name'], args: { subject: `profile "${p.name}"` } });
    }
  }
  return out;
}
