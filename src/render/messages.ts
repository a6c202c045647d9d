// The one place where diagnostic codes become words. Every code of src/diagnostics/codes.ts
// has a case here (the switch is checked for exhaustiveness by the linter).
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
const hinted = (message: string, hint: string | undefined): Message => (hint === undefined ? { message } : { message, hint });

export function describe(d: Diagnostic): Message {
  const a = d.args;
  switch (d.code) {
    case 'PC101': return a.indent === undefined ? { message: `YAML syntax error: ${String(a.message)}` } : indentMessage(a);
    case 'PC102': return a.key === undefined
      ? hinted(`duplicate key in a mapping: ${String(a.message)}`, 'each key may appear once; remove or rename one of them')
      : hinted(`the key ${q(a.key)} appears twice in the same mapping; it first appears at line ${String(a.firstLine)}, column ${String(a.firstCol)}`, 'each key may appear once; remove or rename one of them');
    case 'PC103': return hinted(`%YAML ${String(a.version)} is not supported; permctl reads YAML 1.2 only`, 'remove the %YAML directive (YAML 1.1 reads `no` as false and `0123` as octal)');
    case 'PC104': return hinted(`too many aliases in this document (limit ${String(a.limit)} expansions): this looks like an alias bomb`, 'write the values out instead of nesting aliases');
    case 'PC105': return hinted(`file is ${String(a.size)} bytes; the limit is ${String(a.limit)}`, 'split it into several files');
    case 'PC106': return hinted(`the repository has ${String(a.count)} YAML files; the limit is ${String(a.limit)}`, 'merge small files or move unrelated YAML out of the policy directory');
    case 'PC107': return hinted(`the key ${q(a.key)} is not allowed`, 'rename it; keys that name JavaScript object internals are rejected');
    case 'PC108': return hinted('merge keys (<<) are not supported', 'write the fields out, or use `defaults:` in a Users file');
    case 'PC109': return hinted(`the YAML tag ${String(a.tag)} is not supported`, 'remove the tag; permctl reads plain YAML 1.2 core values');
    case 'PC110': return hinted(`no permctl.yaml in ${String(a.dir)}`, 'create one with at least `instance: NAME`, or pass the repository directory');
    case 'PC111': return hinted(`cannot read this file or folder: ${String(a.reason)}`, 'make it readable, or move it out of the policy repository');
    case 'PC112': return hinted(`document nested more than ${String(a.limit)} levels deep`, 'flatten the structure');
    case 'PC201': return hinted('document has no kind', `add \`kind:\` with one of ${orList(list(a.kinds))}`);
    case 'PC202': return hinted(`unknown kind ${q(a.kind)}`, didYouMean(a.suggestions) ?? `kinds are ${orList(list(a.kinds))}`);
    case 'PC203': return a.value !== undefined && a.expected === 'boolean'
      ? hinted(`${String(a.field)} must be true or false; ${q(a.value)} is a string in YAML 1.2, which permctl reads (only YAML 1.1 read it as a boolean)`, `write ${/^(y|yes|on)$/i.test(String(a.value)) ? 'true' : 'false'}`)
      : typeMessage(String(a.field), String(a.expected), String(a.actual));
    case 'PC204': return a.viaDefaults === true
      ? hinted(`user ${q(a.login)} has no ${String(a.field)}`, `set ${String(a.field)} on the user or in the file's defaults`)
      : { message: `missing required field ${q(a.field)}` };
    case 'PC205': return hinted(`unknown field ${q(a.field)}`, didYouMean(a.suggestions));
    case 'PC206': return a.exactlyOne === true
      ? hinted(`a guardrail rule needs exactly one of ${orList(list(a.allowed))}; found ${String(a.value) || 'none'}`, 'split it into one rule per check, each with the permission it is about')
      : hinted(`${q(a.value)} is not allowed for ${String(a.field)}`, `use one of ${orList(list(a.allowed))}`);
    case 'PC207': return { message: `${q(a.value)} is not a valid ${String(a.field)}: use ${String(a.format)}` };
    case 'PC208': return { message: `${String(a.field)} is ${String(a.actual)} characters long; ${a.bound === 'max' ? 'at most' : 'at least'} ${String(a.limit)} allowed` };
    case 'PC209': return { message: `${String(a.field)} has ${String(a.actual)} entries; ${a.bound === 'max' ? 'at most' : 'at least'} ${String(a.limit)} allowed` };
    case 'PC210': return { message: `${String(a.field)} is ${String(a.actual)}; ${a.bound === 'max' ? 'at most' : 'at least'} ${String(a.limit)} allowed` };
    case 'PC211': return hinted(`${q(a.value)} is listed ${times(a.count)} in ${String(a.field)}; its first entry is entry ${Number(a.first) + 1}${relatedAt(d)}`, Number(a.count) > 2 ? 'keep one entry and remove the others' : 'remove the repeated entry');
    case 'PC212': return hinted(`kind ${String(a.kind)} is not allowed in ${String(a.file)}`, a.kind === 'Config' ? 'instance settings belong in permctl.yaml at the repository root' : 'permctl.yaml holds one document, the instance configuration; put policies in other files');
    case 'PC301': return hinted(`unknown permission ${q(a.name)}`, unknownPermissionHint(a));
    case 'PC302': return list(a.api).length > 1
      ? hinted(`${q(a.name)} is a UI name; use the API names ${list(a.api).join(' and ')}`, 'this UI permission grants all of them: list each one you want')
      : { message: `${q(a.name)} is a UI name; use the API name ${list(a.api).join('')}` };
    case 'PC303': return hinted(`${q(a.name)} has no API name in the catalog, so it cannot be granted by name`, 'the source table lists this UI permission without an API name; grant it in the Amazon Connect console');
    case 'PC304': return hinted(`unknown security profile ${q(a.name)}`, didYouMean(a.suggestions));
    case 'PC305': return hinted(`unknown routing profile ${q(a.name)}`, didYouMean(a.suggestions));
    case 'PC306': return hinted(`unknown queue ${q(a.name)}`, didYouMean(a.suggestions) ?? 'define it in a `kind: Queues` document');
    case 'PC307': return hinted(`unknown line ${q(a.name)}`, didYouMean(a.suggestions) ?? 'define it in a `kind: Lines` document');
    case 'PC308': return hinted(`${String(a.kind)} ${q(a.name)} is defined more than once`, relatedHint(d, 'first defined at'));
    case 'PC309': return hinted(`login ${q(a.name)} is used by more than one user (logins are compared case-insensitively)`, relatedHint(d, 'first used at'));
    case 'PC310': return hinted(`security profiles extend each other in a cycle: ${list(a.cycle).join(' → ')}`, 'remove one of the extends entries');
    case 'PC311': return hinted(`unknown baseline guardrail ${q(a.name)}`, didYouMean(a.suggestions) ?? 'run `permctl catalog --guardrails` to list them');
    case 'PC312': return hinted(`phone number ${q(a.name)} is used by more than one line`, relatedHint(d, 'first used at'));
    case 'PC402': return hinted(`security profile ${q(a.profile)} grants ${String(a.count)} permissions after expansion; Amazon Connect allows at most ${String(a.limit)}`, 'split it into smaller profiles');
    case 'PC403': return hinted(`agent hierarchy ${q(a.hierarchy)} has ${String(a.levels)} levels or an empty level; at most ${String(a.max)} non-empty levels are allowed`, 'write it as Level1/Level2/…, e.g. EMEA/Madrid/Team-3');
    case 'PC404': return hinted(`default outbound queue ${q(a.queue)} is not one of the queues of routing profile ${q(a.profile)}`, list(a.queues).length > 0 ? `use one of ${orList(list(a.queues).map(q))}, or add it to queues` : undefined);
    case 'PC405': return hinted(`queue ${q(a.queue)} is listed twice in routing profile ${q(a.profile)}`, relatedHint(d, 'first listed at'));
    case 'PC406': return hinted(`${String(a.field)} has no effect for ${q(a.login)}: viewCallRecordings is not yes`, 'set viewCallRecordings: true, or remove the setting');
    case 'PC407': return hinted(`viewScreenRecordings has no effect for ${q(a.login)}: screen recordings are not enabled for this instance`, 'set settings.screenRecordings: true in permctl.yaml, or remove the setting');
    case 'PC408': return hinted(`recording settings of agent ${q(a.login)} have no effect: agentRecordingAccess is none`, 'set settings.agentRecordingAccess to own or all in permctl.yaml, or remove the settings');
    case 'PC409': return hinted(`line ${q(a.id)}: ${q(a.number)} is not an E.164 phone number`, 'write + then the country code and number, digits only, e.g. "+442079460000"');
    case 'PC411': return hinted(`recording lines of ${q(a.login)} have no effect: viewCallRecordings is not yes`, 'set viewCallRecordings: true, or use role: nominee');
    case 'PC412': return hinted(`recording lines of agent ${q(a.login)} have no effect: agents reach ${a.access === 'all' ? 'all recordings' : a.access === 'own' ? 'their own recordings' : 'no recordings'} (agentRecordingAccess: ${String(a.access)}), not lines`, 'remove the lines, or use role: normal or nominee to scope access by line');
    case 'PC413': return hinted(`${q(a.login)} can view call recordings but has no lines, so reaches no recordings`, 'add the lines whose recordings the user may access under recordings.lines, or set viewCallRecordings: false');
    case 'PC501': return hinted(`${String(a.subject)} has ManagerListenIn without BasicAgentAccess: monitoring happens through the CCP`, 'add the Agent profile (or BasicAgentAccess)');
    case 'PC502': return { message: `${String(a.subject)} has RedactedData.View and ListenCallRecordings: redacted recordings are shown; unredacted ones only where no redacted copy exists` };
    case 'PC503': return { message: `${String(a.subject)} has DownloadCallRecordings${a.how === undefined ? '' : ` (${String(a.how)})`}: it only shows a download button and is not a security control` };
    case 'PC504': return { message: `dependency rules form a cycle: ${list(a.cycle).join(' → ')}` };
    case 'PC505': return { message: `${String(a.subject)} can now delete call recordings${deletesAlso(a.screen === true, a.transcripts === true)}` };
    case 'PC510': return { message: `guardrail ${q(a.guardrail)}: ${String(a.permission)} is granted by profile ${q(a.profile)}; only ${orList(list(a.allowed).map(q))} may grant it` };
    case 'PC511': return { message: `guardrail ${q(a.guardrail)}: ${String(a.count)} users hold ${String(a.permission)}; at most ${String(a.max)} may` };
    case 'PC512': return { message: `guardrail ${q(a.guardrail)}: user ${q(a.login)}${others(a.others)} holds ${list(a.permissions).join(' and ')}, which must not be held together` };
    case 'PC513': return { message: `guardrail ${q(a.guardrail)}: user ${q(a.login)}${others(a.others)} holds ${String(a.permission)} without ${list(a.missing).join(', ')}` };
    case 'PC514': return hinted(`guardrail ${q(a.guardrail)}: ${String(a.count)} users administer the instance or can make themselves administrators; at most ${String(a.max)} may`, 'run permctl who-can Admin to see who, and through which permission');
    case 'PC601': return hinted('this plan leaves no user holding Admin (or both Users.EditPermission and SecurityProfiles.Edit)', 'keep at least one administrator');
    case 'PC602': return hinted(a.measure === 'users'
      ? `this plan takes all access away from ${String(a.revoked)} of ${String(a.total)} users (${String(a.percent)}%); the limit is ${String(a.limit)}% (measured per user)`
      : `this plan revokes ${String(a.percent)}% of all granted access${a.total === undefined ? '' : ` (${String(a.revoked)} of ${String(a.total)} grants)`}; the limit is ${String(a.limit)}% (measured per grant)`, 'check the plan, then apply with --allow-mass-revoke, or raise maxRevokeRatio in permctl.yaml');
    case 'PC603': return hinted('saved plan is stale: the target changed since this plan was made, so it is not applied', 'run permctl plan again and review the new plan');
    case 'PC604': return { message: `target ${String(a.target)} does not hold ${String(a.kind)} objects; ${String(a.count)} of them are left out of this plan` };
    case 'PC605': return { message: `plan file cannot be used: ${String(a.reason)}` };
    case 'PC606': return { message: `target ${String(a.target)}: ${String(a.reason)}` };
    case 'PC607': return { message: `apply failed and was rolled back; nothing was changed: ${String(a.reason)}` };
    case 'PC608': return { message: `target ${String(a.target)}: the store is empty; apply will create it` };
    case 'PC609': return hinted(`target ${String(a.target)} cannot create ${String(a.kind)} objects; ${String(a.count)} in the policy are missing from it: ${String(a.names)}`, 'create them in the target, or remove them from the policy');
    case 'PC610': return hinted(`this plan was made for ${String(a.planned)}, but the target given is ${String(a.given)}`, 'apply it to the target it was made for, or plan again against this one');
    case 'PC611': return hinted(`target ${String(a.target)} keeps no history of its own`, 'name a store for it: --history URL or `history:` in permctl.yaml (e.g. sqlite:.permctl/history.db)');
    case 'PC612': return hinted(`apply to ${String(a.target)} failed part-way: ${String(a.applied)} applied, ${String(a.failed)} failed, ${String(a.skipped)} skipped: ${String(a.reason)}`, 'the changes applied are listed above; run permctl plan again to see what is left');
    case 'PC613': return hinted(`target ${String(a.target)}: the store has schema version ${String(a.found)}, newer than this permctl reads (${String(a.supported)})`, 'upgrade permctl');
    case 'PC700': return hinted(`GitHub API: ${String(a.request)} failed with ${String(a.status)}: ${String(a.reason)}`, a.hint === undefined ? undefined : String(a.hint));
    case 'PC701': return hinted(String(a.message), a.hint === undefined ? undefined : String(a.hint));
    case 'PC702': return { message: `job summary not written: it would grow to ${String(a.bytes)} bytes, over GitHub's 1 MiB per step` };
    case 'PC901': return hinted(String(a.message), a.hint === undefined ? undefined : String(a.hint));
    case 'PC902': return hinted(`cannot ${String(a.action)} ${q(a.path)}: ${String(a.reason)}`, fsHint(String(a.action)));
    case 'PC903': return hinted(`${q(a.path)} is a file; a policy repository is a directory`, 'give the directory that holds permctl.yaml, or leave DIR out to use the current one');
  }
}

/** What deleting a recording also deletes, on this instance (004_…: screen recordings only
 *  where they are enabled; transcripts only with Conversation Analyzer). */
function deletesAlso(screen: boolean, transcripts: boolean): string {
  const also = [...(screen ? ['its screen recording'] : []), ...(transcripts ? ['its Conversation Analyzer transcripts and categorization results'] : [])];
  return also.length === 0 ? ', which cannot be undone' : `: deleting a recording also deletes ${also.join(' and ')}`;
}

function unknownPermissionHint(a: Diagnostic['args']): string {
  const restrictions = new Set(list(a.restrictions));
  const s = list(a.suggestions).map((n) => (restrictions.has(n) ? `${q(n)} (a restriction: granting it narrows access)` : q(n)));
  const extra = `if your Amazon Connect instance has this permission, add it to extraPermissions in permctl.yaml`;
  // A near name is most likely a typo; only a name with none may be a newer permission.
  return s.length > 0 ? `did you mean ${orList(s)}?` : `run \`permctl catalog\` to list permission API names; ${extra}`;
}

function fsHint(action: string): string {
  return action === 'write' || action === 'create' ? 'check that the directory exists and is writable, or choose another path' : 'check the path';
}

/** An indentation mistake in words a non-YAML expert understands (see load/parse-yaml.ts). */
function indentMessage(a: Diagnostic['args']): Message {
  const column = typeof a.column === 'number' && a.column > 0 ? ` (column ${a.column})` : '';
  const kind = String(a.indent);
  switch (kind) {
    case 'deeper':
      return hinted('this line is indented further than the line above it, so YAML reads it as part of that line\'s value', `line it up with ${a.key === '' || a.key === undefined ? 'the key above' : q(a.key)}${column}, or indent it under a key that ends with a colon`);
    case 'list-item':
      return hinted('this line does not line up with the list item above it', `start it at the same column as the first key after "- "${column}; a new list item starts with "- "`);
    default:
      return hinted('this key does not line up with the other keys of its mapping', 'indent every key of one mapping by the same number of spaces');
  }
}

function typeMessage(field: string, expected: string, actual: string): Message {
  const message = `${field} must be ${expected === 'object' ? 'a mapping' : expected === 'array' ? 'a list' : `a ${expected}`}, not ${actual === 'object' ? 'a mapping' : `a ${actual}`}`;
  if (expected === 'string' && (actual === 'number' || actual === 'boolean')) {
    return { message, hint: `quote the value ("…"): YAML reads unquoted ${actual === 'number' ? 'digits such as 0123 as a number' : 'yes/no/true/false as a boolean'}` };
  }
  return { message };
}

const times = (n: unknown): string => (typeof n !== 'number' || n <= 2 ? 'twice' : `${n} times`);

/** " (file:line:col)" of a diagnostic's related place, when it is known. */
function relatedAt(d: Diagnostic): string {
  const r = d.related;
  return r?.line === undefined ? '' : ` (${r.file}:${r.line}:${r.col ?? 1})`;
}

function relatedHint(d: Diagnostic, prefix: string): string | undefined {
  const r = d.related;
  if (!r) return undefined;
  return `${prefix} ${r.file}${r.line !== undefined ? `:${r.line}:${r.col ?? 1}` : ''}`;
}
