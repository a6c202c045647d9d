// Per-user shape that only holds once defaults are applied: one to ten profiles and exactly
// one routing profile (SPEC.md, Routing and Limits), and an agent hierarchy of at most five
// levels with no empty level.
import type { Diagnostic } from '../../diagnostics/types.ts';
import { fieldOrigin } from '../../model/types.ts';
import type { Rule } from './context.ts';

export const MAX_HIERARCHY_LEVELS = 5;

export const userAssignments: Rule = {
  name: 'user-assignments',
  check: ({ model }) => {
    const out: Diagnostic[] = [];
    // Hierarchies repeat (a team's users share one): each is judged once.
    const levelsOf = new Map<string, number | undefined>();
    for (const u of model.users) {
      const v = u.value;
      if (v.securityProfiles === undefined || v.routingProfile === undefined) {
        const where = { file: u.origin.file, doc: u.origin.doc, path: u.origin.path };
        if (v.securityProfiles === undefined) out.push({ code: 'PC204', severity: 'error', ...where, args: { field: 'securityProfiles', login: v.login, viaDefaults: true } });
        if (v.routingProfile === undefined) out.push({ code: 'PC204', severity: 'error', ...where, args: { field: 'routingProfile', login: v.login, viaDefaults: true } });
      }
      const h = v.hierarchy;
      if (h === undefined) continue;
      // The level count of a hierarchy that breaks the rule, undefined for one that keeps it.
      let bad = levelsOf.get(h);
      if (!levelsOf.has(h)) {
        const levels = h.split('/');
        bad = levels.length > MAX_HIERARCHY_LEVELS || levels.some((l) => l.trim() === '') ? levels.length : undefined;
        levelsOf.set(h, bad);
      }
      if (bad !== undefined) {
        const o = fieldOrigin(u, 'hierarchy');
        out.push({ code: 'PC403', severity: 'error', file: o.file, doc: o.doc, path: o.path, args: { hierarchy: h, levels: bad, max: MAX_HIERARCHY_LEVELS } });
      }
    }
    return out;
  },
};
