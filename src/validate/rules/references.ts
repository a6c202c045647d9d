// Every name a document refers to exists: profiles (in the repository or built in), routing
// profiles, queues, lines, and the baseline guardrails a repository switches off.
import type { SuggestedCode } from '../../diagnostics/args.ts';
import type { Diagnostic, Origin } from '../../diagnostics/types.ts';
import { fieldOrigin } from '../../model/types.ts';
import type { ResolvedUser, UserField } from '../../model/types.ts';
import { suggest } from '../../util/suggest.ts';
import type { Rule, RuleContext } from './context.ts';
import { pushAll } from '../../util/arrays.ts';

function unknown(code: SuggestedCode, origin: Origin, name: string, known: Iterable<string>): Diagnostic {
  return { code, severity: 'error', file: origin.file, doc: origin.doc, path: origin.path, args: { name, suggestions: suggest(name, known) } };
}

function checkList(code: SuggestedCode, origin: Origin, names: readonly string[] | undefined, known: ReadonlySet<string>): Diagnostic[] {
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

/** Names in `names` that are not known; usually none, so nothing is allocated. */
function missing(names: readonly string[] | undefined, known: ReadonlySet<string>): boolean {
  if (names === undefined) return false;
  for (const n of names) if (!known.has(n)) return true;
  return false;
}

/** Users' references. A broken reference in a file's defaults is reported once, there. */
function userReferences(ctx: RuleContext, known: ReturnType<typeof knownNames>): Diagnostic[] {
  const out: Diagnostic[] = [];
  const reported = new Set<string>();
  const report = (u: ResolvedUser, field: UserField, make: (o: Origin) => Diagnostic[]): void => {
    const o = fieldOrigin(u, field);
    if (u.inherited.includes(field)) {
      const key = `${o.file}#${o.doc}#${field}`;
      if (reported.has(key)) return;
      reported.add(key);
    }
    pushAll(out, make(o));
  };
  for (const u of ctx.model.users) {
    const v = u.value;
    if (missing(v.securityProfiles, known.profiles)) report(u, 'securityProfiles', (o) => checkList('PC304', o, v.securityProfiles, known.profiles));
    if (v.routingProfile !== undefined && !known.routing.has(v.routingProfile)) report(u, 'routingProfile', (o) => [unknown('PC305', o, v.routingProfile ?? '', known.routing)]);
    if (missing(v.recordings?.lines, known.lines)) report(u, 'recordings', (o) => checkList('PC307', { ...o, path: [...o.path, 'lines'] }, v.recordings?.lines, known.lines));
  }
  return out;
}

export const references: Rule = {
  name: 'references',
  references: true,
  check: (ctx) => {
    const known = knownNames(ctx);
    const out: Diagnostic[] = [];
    const sub = (o: Origin, ...p: (string | number)[]): Origin => ({ ...o, path: [...o.path, ...p] });
    for (const p of ctx.model.profiles) pushAll(out, checkList('PC304', sub(p.origin, 'extends'), p.value.extends, known.profiles));
    pushAll(out, userReferences(ctx, known));
    for (const r of ctx.model.routingProfiles) {
      r.value.queues.forEach((q, i) => {
        if (!known.queues.has(q.queue)) out.push(unknown('PC306', sub(r.origin, 'queues', i, 'queue'), q.queue, known.queues));
      });
    }
    for (const g of ctx.model.guardrails) {
      g.value.rules.forEach((rule, i) => pushAll(out, checkList('PC304', sub(g.origin, 'rules', i, 'onlyProfiles'), rule.onlyProfiles, known.profiles)));
    }
    const config = ctx.model.config;
    if (config) pushAll(out, checkList('PC311', sub(config.origin, 'disableGuardrails'), config.value.disableGuardrails, ctx.baselineGuardrails));
    return out;
  },
};
