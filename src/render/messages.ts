// The one place where diagnostic codes become words. Every code of src/diagnostics/codes.ts
// has a case here (the switch is checked for exhaustiveness by the linter).
import type { DiagnosticArgs } from '../diagnostics/args.ts';
import type { Diagnostic } from '../diagnostics/types.ts';

export interface Message {
  readonly message: string;
  readonly hint?: string;
}

const q = (v: unknown): string => JSON.stringify(String(v));
const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);
const orList = (items: readonly string[]): string => (items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} or ${items.at(-1) ?? ''}`);
const didYouMean = (v: unknown): string | undefined => {
  const s = list(v);
  return s.length > 0 ? `did you mean ${orList(s.map(q))}?` : undefined;
};
const others = (n: unknown): string => (typeof n === 'number' && n > 0 ? ` (and ${n} more with the same profiles)` : '');
/** `user "ana" (and 3 more with the same profiles)`, or `profile "X"`. */
const subject = (a: DiagnosticArgs['PC501']): string => ('profile' in a ? `profile ${q(a.profile)}` : `user ${q(a.login)}${others(a.others)}`);
/** `user "a"`, or `7 users ("a", "b", …)` from the first few logins and the count. */
const someUsers = (logins: readonly string[], count: number): string => {
  const shown = logins.map(q).join(', ');
  return count === 1 ? `user ${shown}` : `${count} users (${shown}${count > logins.length ? ', …' : ''})`;
};
const hinted = (message: string, hint: string | undefined): Message => (hint === undefined ? { message } : { message, hint });

export function describe(d: Diagnostic): Message {
  switch (d.code) {
    case 'PC101': return { message: `YAML syntax error: ${String(d.args.message)}` };
    case 'PC102': return hinted(`duplicate key in a mapping: ${String(d.args.message)}`, 'each key may appear once; remove or rename one of them');
    case 'PC103': return hinted(`%YAML ${String(d.args.version)} is not supported; permctl reads YAML 1.2 only`, 'remove the %YAML directive (YAML 1.1 reads `no` as false and `0123` as octal)');
    case 'PC104': return hinted(`too many aliases in this document (limit ${String(d.args.limit)} expansions): this looks like an alias bomb`, 'write the values out instead of nesting aliases');
    case 'PC105': return hinted(`file is ${String(d.args.size)} bytes; the limit is ${String(d.args.limit)}`, 'split it into several files');
    case 'PC106': return hinted(`the repository has ${String(d.args.count)} YAML files; the limit is ${String(d.args.limit)}`, 'merge small files or move unrelated YAML out of the policy directory');
    case 'PC107': return hinted(`the key ${q(d.args.key)} is not allowed`, 'rename it; keys that name JavaScript object internals are rejected');
    case 'PC108': return hinted('merge keys (<<) are not supported', 'write the fields out, or use `defaults:` in a Users file');
    case 'PC109': return hinted(`the YAML tag ${String(d.args.tag)} is not supported`, 'remove the tag; permctl reads plain YAML 1.2 core values');
    case 'PC110': return hinted(`no permctl.yaml in ${String(d.args.dir)}`, 'create one with at least `instance: NAME`, or pass the repository directory');
    case 'PC111': return { message: `cannot read file: ${String(d.args.reason)}` };
    case 'PC112': return hinted(`document nested more than ${String(d.args.limit)} levels deep`, 'flatten the structure');
    case 'PC201': return hinted('document has no kind', `add \`kind:\` with one of ${orList(list(d.args.kinds))}`);
    case 'PC202': return hinted(`unknown kind ${q(d.args.kind)}`, didYouMean(d.args.suggestions) ?? `kinds are ${orList(list(d.args.kinds))}`);
    case 'PC203': return typeMessage(String(d.args.field), String(d.args.expected), String(d.args.actual));
    case 'PC204': return d.args.viaDefaults === true
      ? hinted(`user ${q(d.args.login)} has no ${String(d.args.field)}`, `set ${String(d.args.field)} on the user or in the file's defaults`)
      : { message: `missing required field ${q(d.args.field)}` };
    case 'PC205': return hinted(`unknown field ${q(d.args.field)}`, didYouMean(d.args.suggestions));
    case 'PC206': return d.args.exactlyOne === true
      ? hinted(`a guardrail rule needs exactly one of ${orList(list(d.args.allowed))}; found ${String(d.args.value) || 'none'}`, 'split it into one rule per check, each with the permission it is about')
      : hinted(`${q(d.args.value)} is not allowed for ${String(d.args.field)}`, `use one of ${orList(list(d.args.allowed))}`);
    case 'PC207': return { message: `${q(d.args.value)} is not a valid ${String(d.args.field)} (must match ${String(d.args.pattern)})` };
    case 'PC208': return { message: `${String(d.args.field)} is ${String(d.args.actual)} characters long; ${d.args.bound === 'max' ? 'at most' : 'at least'} ${String(d.args.limit)} allowed` };
    case 'PC209': return { message: `${String(d.args.field)} has ${String(d.args.actual)} entries; ${d.args.bound === 'max' ? 'at most' : 'at least'} ${String(d.args.limit)} allowed` };
    case 'PC210': return { message: `${String(d.args.field)} is ${String(d.args.actual)}; ${d.args.bound === 'max' ? 'at most' : 'at least'} ${String(d.args.limit)} allowed` };
    case 'PC211': return hinted(`${q(d.args.value)} is listed twice in ${String(d.args.field)} (first at entry ${Number(d.args.first) + 1})`, 'remove the repeated entry');
    case 'PC212': return hinted(`kind ${String(d.args.kind)} is not allowed in ${String(d.args.file)}`, d.args.kind === 'Config' ? 'instance settings belong in permctl.yaml at the repository root' : 'permctl.yaml holds one document, the instance configuration; put policies in other files');
    case 'PC301': return hinted(`unknown permission ${q(d.args.name)}`, didYouMean(d.args.suggestions) ?? 'run `permctl catalog` to list permission API names');
    case 'PC302': return list(d.args.api).length > 1
      ? hinted(`${q(d.args.name)} is a UI name; use the API names ${list(d.args.api).join(' and ')}`, 'this UI permission grants all of them: list each one you want')
      : { message: `${q(d.args.name)} is a UI name; use the API name ${list(d.args.api).join('')}` };
    case 'PC303': return hinted(`${q(d.args.name)} has no API name in the catalog, so it cannot be granted by name`, 'the source table lists this UI permission without an API name; grant it in the Amazon Connect console');
    case 'PC304': return hinted(`unknown security profile ${q(d.args.name)}`, didYouMean(d.args.suggestions));
    case 'PC305': return hinted(`unknown routing profile ${q(d.args.name)}`, didYouMean(d.args.suggestions));
    case 'PC306': return hinted(`unknown queue ${q(d.args.name)}`, didYouMean(d.args.suggestions) ?? 'define it in a `kind: Queues` document');
    case 'PC307': return hinted(`unknown line ${q(d.args.name)}`, didYouMean(d.args.suggestions) ?? 'define it in a `kind: Lines` document');
    case 'PC308': return hinted(`${String(d.args.kind)} ${q(d.args.name)} is defined more than once`, relatedHint(d, 'first defined at'));
    case 'PC309': return hinted(`login ${q(d.args.name)} is used by more than one user (logins are compared case-insensitively)`, relatedHint(d, 'first used at'));
    case 'PC310': return hinted(`security profiles extend each other in a cycle: ${list(d.args.cycle).join(' → ')}`, 'remove one of the extends entries');
    case 'PC311': return hinted(`unknown baseline guardrail ${q(d.args.name)}`, didYouMean(d.args.suggestions) ?? 'run `permctl catalog --guardrails` to list them');
    case 'PC312': return hinted(`phone number ${q(d.args.name)} is used by more than one line`, relatedHint(d, 'first used at'));
    case 'PC402': return hinted(`security profile ${q(d.args.profile)} grants ${String(d.args.count)} permissions after expansion; Amazon Connect allows at most ${String(d.args.limit)}`, 'split it into smaller profiles');
    case 'PC403': return hinted(`agent hierarchy ${q(d.args.hierarchy)} has ${String(d.args.levels)} levels or an empty level; at most ${String(d.args.max)} non-empty levels are allowed`, 'write it as Level1/Level2/…, e.g. EMEA/Madrid/Team-3');
    case 'PC404': return hinted(`default outbound queue ${q(d.args.queue)} is not one of the queues of routing profile ${q(d.args.profile)}`, list(d.args.queues).length > 0 ? `use one of ${orList(list(d.args.queues).map(q))}, or add it to queues` : undefined);
    case 'PC405': return hinted(`queue ${q(d.args.queue)} is listed twice in routing profile ${q(d.args.profile)}`, relatedHint(d, 'first listed at'));
    case 'PC406': return hinted(`${String(d.args.field)} has no effect for ${q(d.args.login)}: viewCallRecordings is not yes`, 'set viewCallRecordings: true, or remove the setting');
    case 'PC407': return hinted(`viewScreenRecordings has no effect for ${q(d.args.login)}: screen recordings are not enabled for this instance`, 'set settings.screenRecordings: true in permctl.yaml, or remove the setting');
    case 'PC408': return hinted(`recording settings of agent ${q(d.args.login)} have no effect: agentRecordingAccess is none`, 'set settings.agentRecordingAccess to own or all in permctl.yaml, or remove the settings');
    case 'PC409': return hinted(`line ${q(d.args.id)}: ${q(d.args.number)} is not an E.164 phone number`, 'write + then the country code and number, digits only, e.g. "+442079460000"');
    case 'PC411': return hinted(`recording lines of ${q(d.args.login)} have no effect: viewCallRecordings is not yes`, 'set viewCallRecordings: true, or use role: nominee');
    case 'PC501': return hinted(`${subject(d.args)} has ManagerListenIn without BasicAgentAccess: monitoring happens through the CCP`, 'add the Agent profile (or BasicAgentAccess)');
    case 'PC502': return { message: `${subject(d.args)} has RedactedData.View and ListenCallRecordings: redacted recordings are shown; unredacted ones only where no redacted copy exists` };
    case 'PC503': return { message: `${subject(d.args)} has DownloadCallRecordings: it only shows a download button and is not a security control` };
    case 'PC504': return { message: `dependency rules form a cycle: ${list(d.args.cycle).join(' → ')}` };
    case 'PC505': return { message: `${someUsers(list(d.args.logins), Number(d.args.count))} can now delete call recordings: deleting a recording also deletes its screen recording${d.args.transcripts === true ? ' and its Conversation Analyzer transcripts and categorization results' : ''}` };
    case 'PC510': return { message: `guardrail ${q(d.args.guardrail)}: ${String(d.args.permission)} is granted by profile ${q(d.args.profile)}; only ${orList(list(d.args.allowed).map(q))} may grant it` };
    case 'PC511': return { message: `guardrail ${q(d.args.guardrail)}: ${String(d.args.count)} users hold ${String(d.args.permission)}; at most ${String(d.args.max)} may` };
    case 'PC512': return { message: `guardrail ${q(d.args.guardrail)}: user ${q(d.args.login)}${others(d.args.others)} holds ${list(d.args.permissions).join(' and ')}, which must not be held together` };
    case 'PC513': return { message: `guardrail ${q(d.args.guardrail)}: user ${q(d.args.login)}${others(d.args.others)} holds ${String(d.args.permission)} without ${list(d.args.missing).join(', ')}` };
    case 'PC601': return hinted('this plan leaves no user holding Admin (or both Users.EditPermission and SecurityProfiles.Edit)', 'keep at least one administrator');
    case 'PC602': return hinted(`this plan revokes ${String(d.args.percent)}% of all granted access; the limit is ${String(d.args.limit)}%`, 'check the plan, then apply with --allow-mass-revoke, or raise maxRevokeRatio in permctl.yaml');
    case 'PC603': return hinted('the target changed since this plan was made', 'run permctl plan again');
    case 'PC604': return { message: `target ${String(d.args.target)} does not hold ${String(d.args.kind)} objects; ${String(d.args.count)} of them are left out of this plan` };
    case 'PC605': return { message: `plan file cannot be used: ${String(d.args.reason)}` };
    case 'PC606': return { message: `target ${String(d.args.target)}: ${String(d.args.reason)}` };
    case 'PC607': return { message: `apply failed and was rolled back; nothing was changed: ${String(d.args.reason)}` };
    case 'PC608': return { message: `target ${String(d.args.target)}: the store is empty; apply will create it` };
    case 'PC609': return hinted(`target ${String(d.args.target)} cannot create ${String(d.args.kind)} objects; ${String(d.args.count)} in the policy are missing from it: ${String(d.args.names)}`, 'create them in the target, or remove them from the policy');
    case 'PC610': return hinted(`this plan was made for ${String(d.args.planned)}, but the target given is ${String(d.args.given)}`, 'apply it to the target it was made for, or plan again against this one');
    case 'PC611': return hinted(`target ${String(d.args.target)} keeps no history of its own`, 'name a store for it: --history URL or `history:` in permctl.yaml (e.g. sqlite:.permctl/history.db)');
    case 'PC612': return hinted(`apply to ${String(d.args.target)} failed part-way: ${String(d.args.applied)} applied, ${String(d.args.failed)} failed, ${String(d.args.skipped)} skipped: ${String(d.args.reason)}`, 'the changes applied are listed above; run permctl plan again to see what is left');
    case 'PC613': return hinted(`target ${String(d.args.target)}: the store has schema version ${String(d.args.found)}, newer than this permctl reads (${String(d.args.supported)})`, 'upgrade permctl');
    case 'PC901': return hinted(String(d.args.message), d.args.hint === undefined ? undefined : String(d.args.hint));
    case 'PC920': return hinted(`${String(d.args.dir)} already holds ${String(d.args.file)}; init never overwrites a file`, 'run init in a new or empty directory (or permctl import --out DIR to start from a target)');
    case 'PC922': return { message: `cannot write the report to ${String(d.args.file)}: ${String(d.args.reason)}` };
    case 'PC923': return hinted('no target: set `target:` in permctl.yaml, PERMCTL_TARGET, or --target', 'for example --target sqlite:.permctl/store.db');
    case 'PC921': return { message: `cannot write the repository into ${String(d.args.dir)}: ${String(d.args.reason)}` };
  }
}

function typeMessage(field: string, expected: string, actual: string): Message {
  const message = `${field} must be ${expected === 'object' ? 'a mapping' : expected === 'array' ? 'a list' : `a ${expected}`}, not ${actual === 'object' ? 'a mapping' : `a ${actual}`}`;
  if (expected === 'string' && (actual === 'number' || actual === 'boolean')) {
    return { message, hint: `quote the value ("…"): YAML reads unquoted ${actual === 'number' ? 'digits such as 0123 as a number' : 'yes/no/true/false as a boolean'}` };
  }
  return { message };
}

function relatedHint(d: Diagnostic, prefix: string): string | undefined {
  const r = d.related;
  if (!r) return undefined;
  return `${prefix} ${r.file}${r.line !== undefined ? `:${r.line}:${r.col ?? 1}` : ''}`;
}
