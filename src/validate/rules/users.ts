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
    for (const u of model.users) {
      const where = { file: u.origin.file, doc: u.origin.doc, path: u.origin.path };
      if (u.value.securityProfiles === undefined) out.push({ code: 'PC204', severity: 'error', ...where, args: { field: 'securityProfiles', login: u.value.login, viaDefaults: true } });
      if (u.value.routingProfile === undefined) out.push({ code: 'PC204', severity: 'error', ...where, args: { field: 'routingProfile', login: u.value.login, viaDefaults: true } });
      const h = u.value.hierarchy;
      if (h === undefined) continue;
      const levels = h.split('/');
      if (levels.length > MAX_HIERARCHY_LEVELS || levels.some((l) => l.trim() === '')) {
        const o = fieldOrigin(u, 'hierarchy');
        out.push({ code: 'PC403', severity: 'error', file: o.file, doc: o.doc, path: o.path, args: { hierarchy: h, levels: levels.length, max: MAX_HIERARCHY_LEVELS } });
      }
    }
    return out;
  },
};
