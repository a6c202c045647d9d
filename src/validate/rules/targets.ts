// permctl.yaml names its targets either with `target:` or with `targets:`, not both; and no
// target twice in `targets:` (its plan would be applied twice).
import type { Diagnostic } from '../../diagnostics/types.ts';
import type { Rule } from './context.ts';

export const configTargets: Rule = {
  name: 'config-targets',
  check: ({ model }) => {
    const config = model.config;
    const targets = config?.value.targets;
    if (config === undefined || targets === undefined) return [];
    const { file, doc, path } = config.origin;
    const out: Diagnostic[] = [];
    if (config.value.target !== undefined) out.push({ code: 'PC635', severity: 'error', file, doc, path: [...path, 'targets'], atKey: true, args: {} });
    const seen = new Map<string, number>();
    for (const [i, t] of targets.entries()) {
      const first = seen.get(t.url);
      if (first === undefined) seen.set(t.url, i);
      else out.push({ code: 'PC636', severity: 'error', file, doc, path: [...path, 'targets', i, 'url'], related: { file, doc, path: [...path, 'targets', first, 'url'] }, args: { url: t.url } });
    }
    return out;
  },
};
