// Text and JSON for `permctl explain` and `permctl who-can`.
import type { EffectiveRecordings } from '../compile/types.ts';
import type { AdminStatus } from '../compile/escalation.ts';
import type { Step } from '../query/chain.ts';
import type { Explanation } from '../query/explain.ts';
import type { WhoCan } from '../query/who-can.ts';
import type { Paint } from './style.ts';

export function chainText(chain: readonly Step[]): string {
  return chain
    .map((s, i) => {
      const r = s.reason;
      const head = i === 0 ? '' : `${s.permission} `;
      switch (r.type) {
        case 'declared':
          return `${head}declared in ${s.profile}`;
        case 'default-profile':
          return `${head}in built-in profile ${s.profile}`;
        case 'extends':
          return `${head}${s.profile} extends ${r.profile}`;
        case 'implied':
          return `${head}implied by ${r.by} (rule ${r.rule})`;
      }
    })
    .join(' ← ');
}

const riskTag = (risk: string, paint: Paint): string => (risk === 'high' ? paint('red', ' [high risk]') : risk === 'medium' ? paint('yellow', ' [medium risk]') : '');

function recordingsText(r: EffectiveRecordings): string {
  const yn = (b: boolean): string => (b ? 'yes' : 'no');
  const scope = r.scope === 'lines' ? `lines ${r.lines.join(', ') || '(none)'}` : r.scope === 'own' ? 'own recordings' : r.scope === 'all' ? 'all lines' : 'no access';
  const del = r.deleteAlso.length > 0 ? `; deleting also deletes ${r.deleteAlso.join(' and ')}` : '';
  return `recordings: role ${r.role}; view ${yn(r.viewCallRecordings)}, outbound ${yn(r.viewOutboundCallRecordings)}, screen ${yn(r.viewScreenRecordings)}, delete ${yn(r.deleteCallRecordings)}; ${scope}; transcripts ${yn(r.transcripts)}${del}`;
}

export function renderExplainText(e: Explanation, paint: Paint): string {
  if (e.kind === 'unknown') return `no user or profile named "${e.name}"${e.suggestions.length > 0 ? `; did you mean ${e.suggestions.map((s) => `"${s}"`).join(' or ')}?` : ''}`;
  const head =
    e.kind === 'user'
      ? [`${paint('bold', `user ${e.user.login}`)}${e.user.name !== undefined ? ` (${e.user.name})` : ''}`, `  profiles: ${e.user.securityProfiles.join(', ')}`, ...(e.user.routingProfile !== undefined ? [`  routing profile: ${e.user.routingProfile}`] : []), ...(e.user.hierarchy !== undefined ? [`  hierarchy: ${e.user.hierarchy}`] : [])]
      : [`${paint('bold', `profile ${e.profile.name}`)} (${e.profile.source === 'builtin' ? 'built-in' : (e.profile.origin?.file ?? 'repository')})`, ...(e.profile.extends.length > 0 ? [`  extends: ${e.profile.extends.join(', ')}`] : [])];
  const perms = e.permissions.map((p) => `    ${p.name}${riskTag(p.risk, paint)}\n${p.via.map((v) => `      via ${v.profile}: ${chainText(v.chain)}`).join('\n')}`);
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
      return w.api.length > 0 ? `"${w.permission}" is a UI name; use the API name ${w.api.join(' or ')}` : `unknown permission "${w.permission}"${w.suggestions.length > 0 ? `; did you mean ${w.suggestions.map((s) => `"${s}"`).join(' or ')}?` : ''}`;
    case 'unknown-line':
      return `unknown line "${w.line}"${w.suggestions.length > 0 ? `; did you mean ${w.suggestions.map((s) => `"${s}"`).join(' or ')}?` : ''}`;
    case 'answer': {
      const title = w.permission === 'Admin' && w.holders.every((h) => h.admin !== undefined)
        ? `${w.holders.length} user${w.holders.length === 1 ? '' : 's'} administer${w.holders.length === 1 ? 's' : ''} the instance or can become an administrator`
        : `${w.holders.length} user${w.holders.length === 1 ? '' : 's'} can ${w.permission}${w.line !== undefined ? ` on line ${w.line}` : ''}`;
      const rows = w.holders.map((h) => {
        if (h.admin) return `  ${paint('bold', h.login)}\n      ${adminText(h.admin)}`;
        const via = h.via.map((v) => `      via ${v.profile}: ${chainText(v.chain)}`);
        const rec = h.via.length === 0 && h.recordings ? [`      recording role ${h.recordings.role}, scope ${h.recordings.scope}${h.recordings.lines.length > 0 ? ` (${h.recordings.lines.join(', ')})` : ''}`] : [];
        return [`  ${paint('bold', h.login)}`, ...via, ...rec].join('\n');
      });
      return [title, ...rows].join('\n');
    }
  }
}
