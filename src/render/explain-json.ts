// JSON for `permctl explain` and `permctl who-can`: plain data, chains included.
import type { Explanation } from '../query/explain.ts';
import type { WhoCan } from '../query/who-can.ts';

export function renderExplainJson(e: Explanation): string {
  const body =
    e.kind === 'unknown'
      ? { kind: e.kind, name: e.name, suggestions: e.suggestions }
      : e.kind === 'user'
        ? { kind: e.kind, login: e.user.login, name: e.user.name ?? null, securityProfiles: e.user.securityProfiles, routingProfile: e.user.routingProfile ?? null, hierarchy: e.user.hierarchy ?? null, permissions: e.permissions, recordings: e.recordings ?? null }
        : { kind: e.kind, name: e.profile.name, source: e.profile.source, extends: e.profile.extends, permissions: e.permissions };
  return `${JSON.stringify(body, null, 2)}\n`;
}

export function renderWhoCanJson(w: WhoCan): string {
  return `${JSON.stringify(w.kind === 'answer' ? { ...w, count: w.holders.length } : w, null, 2)}\n`;
}
