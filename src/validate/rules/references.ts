// Every name a document refers to exists: profiles (in the repository or built in), routing
// profiles, queues, lines, and the baseline guardrails a repository switches off.
import type { Code } from '../../diagnostics/codes.ts';
import type { Diagnostic, Origin } from '../../diagnostics/types.ts';
import { fieldOrigin } from '../../model/types.ts';
import { suggest } from '../../util/suggest.ts';
import type { Rule, RuleContext } from './context.ts';
import { pushAll } from '../../util/arrays.ts';

function unknown(code: Code, origin: Origin, name: string, known: Iterable<string>): Diagnostic {
  return { code, severity: 'error', file: origin.file, doc: origin.doc, path: origin.path, args: { name, suggestions: suggest(name, known) } };
}

function checkList(code: Code, origin: Origin, names: readonly string[] | undefined, known: ReadonlySet<string>): Diagnostic[] {
  return (names ?? []).flatMap((n, i) => (known.has(n) ? [] : [unknown(code, { ...origin, path: [...origin.path, i] }, n, known)]));
}

function knownNames(ctx: RuleContext): { profiles: Set<string>; routing: Set<string>; queues: Set<string>; lines: Set<string> } {
  return {
    profiles: new Set([...ctx.builtinProfiles, ...ctx.model.profiles.map((p) => p.value.name)]),
    routing: new Set(ctx.model.routingProfiles.map((r) => r.value.name)),
    queues: new Set(ctx.model.queues.map((q) => q.value.name)),
    lines: new Set(ctx.model.lines.map((l) => l.value.id)),
  };
}

export const references: Rule = {
  name: 'references',
  references: true,
  check: (ctx) => {
    const known = knownNames(ctx);
    const out: Diagnostic[] = [];
    const sub = (o: Origin, ...p: (string | number)[]): Origin => ({ ...o, path: [...o.path, ...p] });
    for (const p of ctx.model.profiles) out.push(...checkList('PC304', sub(p.origin, 'extends'), p.value.extends, known.profiles));
    // A user inherits a broken default from the file's defaults: report it there, once.
    const reportedDefaults = new Set<string>();
    const once = (o: Origin, ds: Diagnostic[]): Diagnostic[] => {
      const key = `${o.file}#${o.doc}#${o.path.join('/')}`;
      if (reportedDefaults.has(key)) return [];
      reportedDefaults.add(key);
      return ds;
    };
    for (const u of ctx.model.users) {
      const v = u.value;
      const sp = fieldOrigin(u, 'securityProfiles');
      pushAll(out, once(sp, checkList('PC304', sp, v.securityProfiles, known.profiles)));
      const rp = fieldOrigin(u, 'routingProfile');
      if (v.routingProfile !== undefined && !known.routing.has(v.routingProfile)) out.push(...once(rp, [unknown('PC305', rp, v.routingProfile, known.routing)]));
      const rec = fieldOrigin(u, 'recordings');
      pushAll(out, once(rec, checkList('PC307', sub(rec, 'lines'), v.recordings?.lines, known.lines)));
    }
    for (const r of ctx.model.routingProfiles) {
      r.value.queues.forEach((q, i) => {
        if (!known.queues.has(q.queue)) out.push(unknown('PC306', sub(r.origin, 'queues', i, 'queue'), q.queue, known.queues));
      });
    }
    for (const g of ctx.model.guardrails) {
      g.value.rules.forEach((rule, i) => out.push(...checkList('PC304', sub(g.origin, 'rules', i, 'onlyProfiles'), rule.onlyProfiles, known.profiles)));
    }
    const config = ctx.model.config;
    if (config) out.push(...checkList('PC311', sub(config.origin, 'disableGuardrails'), config.value.disableGuardrails, ctx.baselineGuardrails));
    return out;
  },
};
