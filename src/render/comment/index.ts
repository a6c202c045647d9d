// The plan as a pull-request comment (`permctl comment`, the job summary): a one-line verdict,
// risky grants first (grouped by permission, with the seed's consequence), profile and routing
// tables, user and access changes grouped, findings, the full plan as a diff in <details>, a
// footer saying how it is applied. A hidden marker on the first line lets `permctl comment`
// find its own comment for this instance. Pure: plan in, string out; never over `maxLength`.
import type { Change, Finding, Plan } from '../../plan/types.ts';
import type { Block } from './fit.ts';
import { fitBlocks } from './fit.ts';
import { usersAffected } from './groups.ts';
import { code } from './inert.ts';
import { normalisePlan } from './normalise.ts';
import { accessBlock, diffBlock, findingsBlock, objectsBlock, profilesBlock, riskyBlock, unmanagedBlock, usersBlock } from './sections.ts';

/** GitHub's limit on the body of an issue or pull-request comment. */
export const COMMENT_LIMIT = 65_536;

export interface CommentOptions {
  readonly maxLength?: number;
  /** Why a permission is risky (policies/risk.yaml's reason), by API name. */
  readonly riskReason?: (permission: string) => string | undefined;
  /** permctl's version, for the footer. */
  readonly version?: string;
}

/** The hidden marker of the comment for one instance; the instance is percent-encoded, so no
 *  name can end the HTML comment or forge another instance's marker. */
export function commentMarker(instance: string): string {
  return `<!-- permctl-plan instance=${encodeURIComponent(String(instance))} -->`;
}

const list = <T>(v: unknown): readonly T[] => (Array.isArray(v) ? (v as T[]) : []);
const plural = (n: number, one: string, many = `${one}s`): string => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

/** A plan made from an invalid repository records its errors and no changes (plan --out). */
export function planFailed(plan: Plan): boolean {
  return list<Finding>(plan.findings).some((f) => f.severity === 'error');
}

function verdict(plan: Plan): string {
  const changes = list<Change>(plan.changes);
  if (planFailed(plan)) {
    const errors = list<Finding>(plan.findings).filter((f) => f.severity === 'error').length;
    return `❌ **Plan failed: ${plural(errors, 'error')}.** Nothing can be applied until they are fixed.`;
  }
  if (changes.length === 0) {
    const unmanaged = list(plan.unmanaged).length;
    // Objects in the target and not in git (unmanaged: report) mean the target does not match.
    if (unmanaged > 0) return `✅ **No changes to apply**, but ${plural(unmanaged, 'unmanaged object')} ${unmanaged === 1 ? 'is' : 'are'} in the target and not in git.`;
    return '✅ **No changes.** The target matches the policy.';
  }
  const risky = list<{ riskyGained?: unknown }>(plan.access).reduce((n, a) => n + list(a.riskyGained).length, 0);
  const parts = [`📝 **${plural(changes.length, 'change')}, ${plural(usersAffected(plan), 'user')} affected**`];
  if (risky > 0) parts.push(`⚠️ **${plural(risky, 'risky grant')}**`);
  return parts.join(' · ');
}

// The target's kind only: its path or host is the runner's business, not the reader's.
function targetKind(target: unknown): string {
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(String(target))?.[1];
  return scheme === undefined ? 'an unknown' : `a ${code(scheme.toLowerCase())}`;
}

function footer(plan: Plan, opts: CommentOptions): string {
  const how = planFailed(plan)
    ? 'Nothing is applied while the plan fails.'
    : 'On merge to main the apply workflow plans again from main and applies that plan; this comment is updated on every push.';
  const commit = typeof plan.gitCommit === 'string' ? ` at commit ${code(plan.gitCommit.slice(0, 12))}` : '';
  const version = opts.version === undefined ? 'permctl' : `permctl ${opts.version}`;
  return `\n---\n<sub>${how} Planned by ${version} against ${targetKind(plan.target)} target${commit}.</sub>\n`;
}

export function renderComment(raw: Plan, opts: CommentOptions = {}): string {
  const plan = normalisePlan(raw);
  const max = opts.maxLength ?? COMMENT_LIMIT;
  const head = `${commentMarker(plan.instance)}\n## permctl plan for ${code(String(plan.instance))}\n\n${verdict(plan)}\n`;
  const changes = list<Change>(plan.changes);
  const of = (...kinds: string[]): Change[] => changes.filter((c) => kinds.includes(c.kind));
  const known = ['profile', 'routingProfile', 'queue', 'user'];
  const blocks: Block[] = planFailed(plan)
    ? [findingsBlock(plan)]
    : [
        riskyBlock(plan, opts.riskReason ?? (() => undefined)),
        profilesBlock(of('profile')),
        objectsBlock('Routing profiles and queues', of('routingProfile', 'queue')),
        usersBlock(of('user')),
        accessBlock(plan),
        objectsBlock('Other changes', changes.filter((c) => !known.includes(c.kind))),
        findingsBlock(plan),
        unmanagedBlock(plan),
        diffBlock(changes, max),
      ];
  return fitBlocks(head, blocks.filter((b) => b.count > 0), footer(plan, opts), max);
}
