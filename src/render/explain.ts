// Text and JSON for `permctl explain` and `permctl who-can`.
import type { EffectiveRecordings } from '../compile/types.ts';
import type { AdminStatus } from '../compile/escalation.ts';
import type { Step } from '../query/chain.ts';
import type { Explanation } from '../query/explain.ts';
import type { WhoCan } from '../query/who-can.ts';
import { inert } from './inert.ts';
import type { Paint } from './style.ts';

// Names, logins, hierarchies and file names come from the repository: each goes through
// inert() (no escapes, bidi or line breaks); a list is joined after.
const v = inert;
const vs = (items: readonly string[]): string => items.map(inert).join(', ');

export function chainText(chain: readonly Step[]): string {
  return chain
    .map((s, i) => {
      const r = s.reason;
      const head = i === 0 ? '' : `${v(s.permission)} `;
      switch (r.type) {
        case 'declared':
          return `${head}declared in ${v(s.profile)}`;
        case 'default-profile':
          return `${head}in built-in profile ${v(s.profile)}`;
        case 'extends':
          return `${head}${v(s.profile)} extends ${v(r.profile)}`;
        case 'implied':
          return `${head}implied by ${v(r.by)} (rule ${v(r.rule)})`;
      }
    })
    .join(' ← ');
}

const riskTag = (risk: string, paint: Paint): string => (risk === 'high' ? paint('red', ' [high risk]') : risk === 'medium' ? paint('yellow', ' [medium risk]') : '');

function recordingsText(r: EffectiveRecordings): string {
  const yn = (b: boolean): string => (b ? 'yes' : 'no');
  const scope = r.scope === 'lines' ? `lines ${vs(r.lines) || '(none)'}` : r.scope === 'own' ? 'own recordings' : r.scope === 'all' ? 'all lines' : 'no access';
  const del = r.deleteAlso.length > 0 ? `; deleting also deletes ${r.deleteAlso.join(' and ')}` : '';
  return `recordings: role ${r.role}; view ${yn(r.viewCallRecordings)}, outbound ${yn(r.viewOutboundCallRecordings)}, screen ${yn(r.viewScreenRecordings)}, delete ${yn(r.deleteCallRecordings)}; ${scope}; transcripts ${yn(r.transcripts)}${del}`;
}

export function renderExplainText(e: Explanation, paint: Paint): string {
  if (e.kind === 'unknown') return `no user or profile named "${v(e.name)}"${e.suggestions.length > 0 ? `; did you mean ${e.suggestions.map((s) => `"${v(s)}"`).join(' or ')}?` : ''}`;
  const head =
    e.kind === 'user'
      ? [`${paint('bold', `user ${v(e.user.login)}`)}${e.user.name !== undefined ? ` (${v(e.user.name)})` : ''}`, `  profiles: ${vs(e.user.securityProfiles)}`, ...(e.user.routingProfile !== undefined ? [`  routing profile: ${v(e.user.routingProfile)}`] : []), ...(e.user.hierarchy !== undefined ? [`  hierarchy: ${v(e.user.hierarchy)}`] : [])]
      : [`${paint('bold', `profile ${v(e.profile.name)}`)} (${e.profile.source === 'builtin' ? 'built-in' : v(e.profile.origin?.file ?? 'repository')})`, ...(e.profile.extends.length > 0 ? [`  extends: ${vs(e.profile.extends)}`] : [])];
  const perms = e.permissions.map((p) => `    ${v(p.name)}${riskTag(p.risk, paint)}\n${p.via.map((w) => `      via ${inert(w.profile)}: ${chainText(w.chain)}`).join('\n')}`);
  const rec = e.kind === 'user' && e.recordings ? [`  ${recordingsText(e.recordings)}`] : [];
  const admin = e.kind === 'user' && e.admin ? [`  ${paint('red', adminText(e.admin))}`] : [];
  return [...head, ...admin, `  permissions (${e.permissions.length}):`, ...perms, ...rec].join('\n');
}

/** Escalation (001_…: create or edit users ⇒ can assign a profile with full access). */
export function adminText(a: AdminStatus): string {
  if (a.kind === 'administers') return `administrator: holds ${a.permissions.join(' and ')}`;
  return `can become an administrator through ${a.through.map((t) => t.permission).join(', ')}: can give any user, themselves included, full access`;
}

export function renderWhoCanText(w: WhoCan, paint: Paint): string {
  switch (w.kind) {
    case 'unknown-permission':
      return w.api.length > 0 ? `"${v(w.permission)}" is a UI name; use the API name ${w.api.join(' or ')}` : `unknown permission "${v(w.permission)}"${w.suggestions.length > 0 ? `; did you mean ${w.suggestions.map((s) => `"${v(s)}"`).join(' or ')}?` : ''}`;
    case 'unknown-line':
      return `unknown line "${v(w.line)}"${w.suggestions.length > 0 ? `; did you mean ${w.suggestions.map((s) => `"${v(s)}"`).join(' or ')}?` : ''}`;
    case 'answer': {
      const title = w.permission === 'Admin' && w.holders.every((h) => h.admin !== undefined)
        ? `${w.holders.length} user${w.holders.length === 1 ? '' : 's'} administer${w.holders.length === 1 ? 's' : ''} the instance or can become an administrator`
        : `${w.holders.length} user${w.holders.length === 1 ? '' : 's'} can ${w.permission}${w.line !== undefined ? ` on line ${v(w.line)}` : ''}`;
      const rows = w.holders.map((h) => {
        if (h.admin) return `  ${paint('bold', v(h.login))}\n      ${adminText(h.admin)}`;
        const via = h.via.map((x) => `      via ${v(x.profile)}${x.as !== undefined ? ` as ${v(x.as)} (the same permission, renamed)` : ''}: ${chainText(x.chain)}`);
        const rec = h.via.length === 0 && h.recordings ? [`      recording role ${h.recordings.role}, scope ${h.recordings.scope}${h.recordings.lines.length > 0 ? ` (${vs(h.recordings.lines)})` : ''}`] : [];
        return [`  ${paint('bold', v(h.login))}`, ...via, ...rec].join('\n');
      });
      return [title, ...rows].join('\n');
    }
  }
}
