// The one place where diagnostic codes become words. Every code of src/diagnostics/codes.ts
// has a case here (the switch is checked for exhaustiveness by the linter).
import type { DiagnosticArgs, FsErrno, GrantedThrough, Indentation } from '../diagnostics/args.ts';
import type { ArgValue, Diagnostic } from '../diagnostics/types.ts';
import { inert, inertSentence } from './inert.ts';

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

// Arguments carry names, keys and parser messages from the repository: each is made inert
// (no line breaks, escapes or bidi; a short excerpt of a long value) before it is worded.
const SENTENCES = new Set(['reason', 'message', 'problem', 'hint']);

function inertArgs(args: Diagnostic['args']): Diagnostic['args'] {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(args) as [string, unknown][]) out[k] = typeof v === 'string' ? (SENTENCES.has(k) ? inertSentence(v) : inert(v)) : Array.isArray(v) ? (v as readonly ArgValue[]).slice(0, 50).map((x) => (typeof x === 'string' ? inert(x) : x)) : v;
  return out;
}

export function describe(raw: Diagnostic): Message {
  const d = { ...raw, args: inertArgs(raw.args) } as Diagnostic;
  switch (d.code) {
    case 'PC101': return d.args.indent === undefined ? { message: `YAML syntax error: ${d.args.message}` } : indentMessage(d.args);
    case 'PC102': return d.args.key === undefined
      ? hinted(`duplicate key in a mapping: ${d.args.message}`, 'each key may appear once; remove or rename one of them')
      : hinted(`the key ${q(d.args.key)} appears twice in the same mapping; it first appears at line ${String(d.args.firstLine)}, column ${String(d.args.firstCol)}`, 'each key may appear once; remove or rename one of them');
    case 'PC103': return hinted(`%YAML ${String(d.args.version)} is not supported; permctl reads YAML 1.2 only`, 'remove the %YAML directive (YAML 1.1 reads `no` as false and `0123` as octal)');
    case 'PC104': return hinted(`too many aliases in this document (limit ${String(d.args.limit)} expansions): this looks like an alias bomb`, 'write the values out instead of nesting aliases');
    case 'PC105': return hinted(`file is ${String(d.args.size)} bytes; the limit is ${String(d.args.limit)}`, 'split it into several files');
    case 'PC106': return hinted(`the repository has ${String(d.args.count)} YAML files; the limit is ${String(d.args.limit)}`, 'merge small files or move unrelated YAML out of the policy directory');
    case 'PC107': return hinted(`the key ${q(d.args.key)} is not allowed`, 'rename it; keys that name JavaScript object internals are rejected');
    case 'PC108': return hinted('merge keys (<<) are not supported', 'write the fields out, or use `defaults:` in a Users file');
    case 'PC109': return hinted(`the YAML tag ${String(d.args.tag)} is not supported`, 'remove the tag; permctl reads plain YAML 1.2 core values');
    case 'PC110': return hinted(`no permctl.yaml in ${String(d.args.dir)}`, 'create one with at least `instance: NAME`, or pass the repository directory');
    case 'PC111': return hinted(`cannot read this file or folder: ${d.args.reason}`, 'make it readable, or move it out of the policy repository');
    case 'PC112': return hinted(`document nested more than ${String(d.args.limit)} levels deep`, 'flatten the structure');
    case 'PC120': return hinted(`this ${d.args.what} is a link that leads outside the repository; permctl reads only files inside it`, 'replace the link with the file itself');
    case 'PC121': return hinted(`this is ${d.args.type}; policy files must be regular files`, 'remove it or rename it so it does not end in .yaml or .yml');
    case 'PC122': return hinted('this is a directory named like a policy file', 'rename the directory so it does not end in .yaml or .yml');
    case 'PC123': return hinted(`the file is not UTF-8 (byte ${d.args.byte} here)`, d.args.utf16 ? 'the file is UTF-16; save it as UTF-8' : 'save the file as UTF-8');
    case 'PC124': return hinted(`the file has more than ${String(d.args.limit)} values`, 'split it into several files');
    case 'PC125': return hinted(`anchors, aliases, tags and directives are read only in files up to ${String(d.args.limit)} bytes; this one is larger and uses ${d.args.feature}`, 'write the values out, or split the file');
    case 'PC126': return hinted('permctl.yaml is empty', 'write at least `instance: NAME` in it');
    case 'PC201': return hinted('document has no kind', `add \`kind:\` with one of ${orList(list(d.args.kinds))}`);
    case 'PC202': return hinted(`unknown kind ${q(d.args.kind)}`, didYouMean(d.args.suggestions) ?? `kinds are ${orList(list(d.args.kinds))}`);
    case 'PC203': return d.args.value !== undefined && d.args.expected === 'boolean'
      ? hinted(`${d.args.field} must be true or false; ${q(d.args.value)} is a string in YAML 1.2, which permctl reads (only YAML 1.1 read it as a boolean)`, `write ${/^(y|yes|on)$/i.test(d.args.value) ? 'true' : 'false'}`)
      : typeMessage(d.args.field, d.args.expected, d.args.actual);
    case 'PC204': return d.args.viaDefaults === true
      ? hinted(`user ${q(d.args.login)} has no ${String(d.args.field)}`, `set ${String(d.args.field)} on the user or in the file's defaults`)
      : { message: `missing required field ${q(d.args.field)}` };
    case 'PC205': return hinted(`unknown field ${q(d.args.field)}`, didYouMean(d.args.suggestions));
    case 'PC206': return d.args.exactlyOne === true
      ? hinted(`a guardrail rule needs exactly one of ${orList(list(d.args.allowed))}; found ${String(d.args.value) || 'none'}`, 'split it into one rule per check, each with the permission it is about')
      : hinted(`${q(d.args.value)} is not allowed for ${String(d.args.field)}`, `use one of ${orList(list(d.args.allowed))}`);
    case 'PC207': return { message: `${q(d.args.value)} is not a valid ${d.args.field}: use ${patternWords(d.args.pattern)}` };
    case 'PC208': return { message: `${String(d.args.field)} is ${String(d.args.actual)} characters long; ${d.args.bound === 'max' ? 'at most' : 'at least'} ${String(d.args.limit)} allowed` };
    case 'PC209': return { message: `${String(d.args.field)} has ${String(d.args.actual)} entries; ${d.args.bound === 'max' ? 'at most' : 'at least'} ${String(d.args.limit)} allowed` };
    case 'PC210': return { message: `${String(d.args.field)} is ${String(d.args.actual)}; ${d.args.bound === 'max' ? 'at most' : 'at least'} ${String(d.args.limit)} allowed` };
    case 'PC211': return hinted(`${q(d.args.value)} is listed ${times(d.args.count)} in ${d.args.field}; its first entry is entry ${String(d.args.first + 1)}${relatedAt(d)}`, d.args.count > 2 ? 'keep one entry and remove the others' : 'remove the repeated entry');
    case 'PC212': return hinted(`kind ${String(d.args.kind)} is not allowed in ${String(d.args.file)}`, d.args.kind === 'Config' ? 'instance settings belong in permctl.yaml at the repository root' : 'permctl.yaml holds one document, the instance configuration; put policies in other files');
    case 'PC301': return hinted(`unknown permission ${q(d.args.name)}`, unknownPermissionHint(d.args));
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
    case 'PC412': return hinted(`recording lines of agent ${q(d.args.login)} have no effect: agents reach ${d.args.access === 'all' ? 'all recordings' : d.args.access === 'own' ? 'their own recordings' : 'no recordings'} (agentRecordingAccess: ${d.args.access}), not lines`, 'remove the lines, or use role: normal or nominee to scope access by line');
    case 'PC413': return hinted(`${q(d.args.login)} can view call recordings but has no lines, so reaches no recordings`, 'add the lines whose recordings the user may access under recordings.lines, or set viewCallRecordings: false');
    case 'PC501': return hinted(`${subject(d.args)} has ManagerListenIn without BasicAgentAccess: monitoring happens through the CCP`, 'add the Agent profile (or BasicAgentAccess)');
    case 'PC502': {
      const pairs = d.args.pairs ?? [['RedactedData.View', 'ListenCallRecordings']];
      return { message: `${subject(d.args)} has ${pairs.map(([r, u]) => `${r} and ${u}`).join('; ')}: redacted recordings${pairs.some(([r]) => r.startsWith('ContactTranscripts')) ? ' and transcripts' : ''} are shown; unredacted ones only where no redacted copy exists` };
    }
    case 'PC503': {
      const names = d.args.permissions ?? ['DownloadCallRecordings'];
      const one = names.length === 1;
      return { message: `${downloadHolder(d.args)} has ${names.join(', ')}${through(d.args.through)}: ${one ? 'it only shows a download button and is not a security control' : 'they only show download buttons and are not security controls'}` };
    }
    case 'PC504': return { message: `dependency rules form a cycle: ${list(d.args.cycle).join(' → ')}` };
    case 'PC505': return { message: `${someUsers(d.args.logins, d.args.count)} can now delete call recordings${deletesAlso(d.args.screen, d.args.transcripts)}` };
    case 'PC510': return { message: `guardrail ${q(d.args.guardrail)}: ${String(d.args.permission)} is granted by profile ${q(d.args.profile)}; only ${orList(list(d.args.allowed).map(q))} may grant it` };
    case 'PC511': return { message: `guardrail ${q(d.args.guardrail)}: ${String(d.args.count)} users hold ${String(d.args.permission)}; at most ${String(d.args.max)} may` };
    case 'PC512': return { message: `guardrail ${q(d.args.guardrail)}: user ${q(d.args.login)}${others(d.args.others)} holds ${list(d.args.permissions).join(' and ')}, which must not be held together` };
    case 'PC513': return { message: `guardrail ${q(d.args.guardrail)}: user ${q(d.args.login)}${others(d.args.others)} holds ${String(d.args.permission)} without ${list(d.args.missing).join(', ')}` };
    case 'PC514': return hinted(`guardrail ${q(d.args.guardrail)}: ${String(d.args.count)} users administer the instance or can make themselves administrators; at most ${String(d.args.max)} may`, 'run permctl who-can Admin to see who, and through which permission');
    case 'PC601': return hinted('this plan leaves no user holding Admin (or both Users.EditPermission and SecurityProfiles.Edit)', 'keep at least one administrator');
    case 'PC602': return hinted(d.args.measure === 'users'
      ? `this plan takes all access away from ${String(d.args.revoked)} of ${String(d.args.total)} users (${String(d.args.percent)}%); the limit is ${String(d.args.limit)}% (measured per user)`
      : `this plan revokes ${String(d.args.percent)}% of all granted access (${String(d.args.revoked)} of ${String(d.args.total)} grants); the limit is ${String(d.args.limit)}% (measured per grant)`, 'check the plan, then apply with --allow-mass-revoke, or raise maxRevokeRatio in permctl.yaml');
    case 'PC603': return hinted('saved plan is stale: the target changed since this plan was made, so it is not applied', 'run permctl plan again and review the new plan');
    case 'PC604': return { message: `target ${d.args.target} holds only part of the policy; not held there and not applied there: ${[...d.args.kinds, ...d.args.partial.map((p) => `of ${p}`)].join('; ')}` };
    case 'PC605': return { message: `plan file cannot be used: ${String(d.args.reason)}` };
    case 'PC606': return { message: `target ${String(d.args.target)}: ${String(d.args.reason)}` };
    case 'PC607': return { message: `apply failed and was rolled back; nothing was changed: ${String(d.args.reason)}` };
    case 'PC608': return { message: `target ${String(d.args.target)}: the store is empty; apply will create it` };
    case 'PC609': return hinted(`target ${String(d.args.target)} cannot create ${String(d.args.kind)} objects; ${String(d.args.count)} in the policy are missing from it: ${String(d.args.names)}`, 'create them in the target, or remove them from the policy');
    case 'PC610': return hinted(`this plan was made for ${String(d.args.planned)}, but the target given is ${String(d.args.given)}`, 'apply it to the target it was made for, or plan again against this one');
    case 'PC611': return hinted(`target ${String(d.args.target)} keeps no history of its own`, 'name a store for it: --history URL or `history:` in permctl.yaml (e.g. sqlite:.permctl/history.db)');
    case 'PC612': return hinted(`apply to ${String(d.args.target)} failed part-way: ${String(d.args.applied)} applied, ${String(d.args.failed)} failed, ${String(d.args.skipped)} skipped: ${String(d.args.reason)}`, 'the changes applied are listed above; run permctl plan again to see what is left');
    case 'PC640': return hinted(`the saved plan is not what the repository and the target give now: ${d.args.reason}`, 'a saved plan is applied only as approved; run permctl plan again and review the new plan');
    case 'PC645': return hinted(`target ${d.args.target}: ${d.args.problem}`, 'permctl history --verify lists every finding; investigate before applying');
    case 'PC646': return hinted(`target ${d.args.target}: ${d.args.reason}`, 'restore the store from a backup, or keep it and investigate who edited it');
    case 'PC620': return d.args.field === 'permissions'
      ? hinted(`${d.args.kind} ${q(d.args.name)} holds permissions permctl's catalog does not know, kept on update: ${d.args.value}`, 'to manage them, declare them in permctl.yaml under extraPermissions')
      : { message: `${d.args.kind} ${q(d.args.name)}: ${d.args.field} kept as it is (permctl does not model it): ${d.args.value}` };
    case 'PC613': return hinted(`target ${String(d.args.target)}: the store has schema version ${String(d.args.found)}, newer than this permctl reads (${String(d.args.supported)})`, 'upgrade permctl');
    case 'PC630': return hinted(`line ${q(d.args.line)} (${d.args.number}) is not in the account of ${d.args.target}`, 'check the number, or add the line to the account in VCC Admin first');
    case 'PC632': return hinted(`user ${q(d.args.login)} is not in the account of ${d.args.target}; their line permissions are not imported`, 'create the user in VCC Admin (the API cannot create users), then import again');
    case 'PC633': return hinted(`line ${d.args.line} of ${d.args.target} is not in the repository; not imported for ${d.args.logins.join(', ')}`, 'add it to a Lines file (id and number) and import again');
    case 'PC634': return hinted(`user ${q(d.args.login)} has ${String(d.args.count)} line permission(s) in ${d.args.target} but cannot hear recordings by line in the repository; not imported`, 'give the user recordings with viewCallRecordings (role normal or nominee) to import their lines; otherwise the next plan revokes them');
    case 'PC635': return hinted('permctl.yaml names both `target:` and `targets:`', 'keep one: `targets:` lists every target, `target:` names a single one');
    case 'PC636': return hinted(`target ${q(d.args.url)} is listed twice in targets`, 'list each target once; its plan is applied once');
    case 'PC637': return { message: `${d.args.target}: ${d.args.reason}; the targets after it (${d.args.skipped.join(', ')}) were not applied` };
    case 'PC638': return hinted(`${d.args.target} could not be planned (its errors: ${d.args.codes.join(', ')}); no target of this repository is planned until every one is`, 'fix those errors, or plan one target with --target');
    case 'PC660': return hinted(`${d.args.count === 1 ? `user ${q(d.args.login)} is` : `${String(d.args.count)} users (the first: ${q(d.args.login)}) are`} not in ${d.args.target}, and creating a user there needs the phone settings Amazon Connect requires, which permctl.yaml does not give`, 'add to permctl.yaml `connect: { userDefaults: { phoneType: SOFT_PHONE } }` (or DESK_PHONE with deskPhoneNumber), or create the user in Amazon Connect first');
    case 'PC700': return hinted(`GitHub API: ${d.args.request} failed with ${String(d.args.status)}: ${d.args.reason}`, d.args.hint);
    case 'PC701': return hinted(d.args.message, d.args.hint);
    case 'PC702': return { message: `job summary not written: it would grow to ${String(d.args.bytes)} bytes, over GitHub's 1 MiB per step` };
    case 'PC901': return hinted(String(d.args.message), d.args.hint === undefined ? undefined : String(d.args.hint));
    case 'PC902': return hinted(`cannot ${d.args.action} ${q(d.args.path)}: ${FS_REASONS[d.args.errno]}`, fsHint(d.args.action));
    case 'PC903': return hinted(`${q(d.args.path)} is a file; a policy repository is a directory`, 'give the directory that holds permctl.yaml, or leave DIR out to use the current one');
    case 'PC920': return hinted(`${String(d.args.dir)} already holds ${String(d.args.file)}; init never overwrites a file`, 'run init in a new or empty directory (or permctl import --out DIR to start from a target)');
    case 'PC922': return { message: `cannot write the report to ${String(d.args.file)}: ${String(d.args.reason)}` };
    case 'PC923': return hinted('no target: set `target:` in permctl.yaml, PERMCTL_TARGET, or --target', 'for example --target sqlite:.permctl/store.db');
    case 'PC921': return { message: `cannot write the repository into ${String(d.args.dir)}: ${String(d.args.reason)}` };
  }
}

/** What deleting a recording also deletes, on this instance (004_…: screen recordings only
 *  where they are enabled; transcripts only with Conversation Analyzer). */
function deletesAlso(screen: boolean, transcripts: boolean): string {
  const also = [...(screen ? ['its screen recording'] : []), ...(transcripts ? ['its Conversation Analyzer transcripts and categorization results'] : [])];
  return also.length === 0 ? ', which cannot be undone' : `: deleting a recording also deletes ${also.join(' and ')}`;
}

/** "DownloadCallRecordings is not a security control" is said of a profile, or of a built-in
 *  profile at its first holder. */
function downloadHolder(a: DiagnosticArgs['PC503']): string {
  return a.heldBy === undefined ? `profile ${q(a.profile)}` : `built-in profile ${q(a.profile)} (held by user ${q(a.heldBy)})`;
}

/** ` (through Rule, through extends Parent)`, or nothing when the profile lists it itself. */
function through(how: readonly GrantedThrough[] | undefined): string {
  if (how === undefined || how.length === 0) return '';
  return ` (${how.map((h) => (h.type === 'implied' ? `through ${h.by}` : `through extends ${h.profile}`)).join(', ')})`;
}

function unknownPermissionHint(a: DiagnosticArgs['PC301']): string {
  const restrictions = new Set(a.restrictions ?? []);
  const s = a.suggestions.map((n) => (restrictions.has(n) ? `${q(n)} (a restriction: granting it narrows access)` : q(n)));
  const extra = `if your Amazon Connect instance has this permission, add it to extraPermissions in permctl.yaml`;
  // A near name is most likely a typo; only a name with none may be a newer permission.
  return s.length > 0 ? `did you mean ${orList(s)}?` : `run \`permctl catalog\` to list permission API names; ${extra}`;
}

/** The words for each errno a user can cause (cli/fs-errors.ts). */
const FS_REASONS: Readonly<Record<FsErrno, string>> = {
  ENOENT: 'no such file or directory',
  ENOTDIR: 'a part of the path is a file, not a directory',
  EISDIR: 'it is a directory, not a file',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'the file system is read-only',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  ELOOP: 'too many levels of symbolic links',
  ENAMETOOLONG: 'the name is too long',
  EEXIST: 'it already exists',
  ENOTEMPTY: 'the directory is not empty',
  EBUSY: 'it is busy',
};

function fsHint(action: DiagnosticArgs['PC902']['action']): string {
  return action === 'write' || action === 'create' ? 'check that the directory exists and is writable, or choose another path' : 'check the path';
}

/** The schemas' patterns in words: a message never shows a raw regular expression. */
const PATTERN_WORDS: Readonly<Record<string, string>> = {
  '^[ a-zA-Z0-9_@-]+$': 'letters, digits, spaces and the characters _ @ - only (Amazon Connect\'s rule for security profile names)',
  '^[a-zA-Z0-9_.@-]+$': 'letters, digits and the characters _ . @ - only, no spaces',
  '^[a-zA-Z0-9][a-zA-Z0-9_.-]*$': 'a letter or digit first, then letters, digits and the characters _ . - only',
  '^[a-zA-Z0-9_.-]+$': 'letters, digits and the characters _ . - only, no spaces',
  '^[A-Za-z][A-Za-z0-9_]*(\\.[A-Za-z0-9_]+)*$': 'a permission API name: letters, digits and _, in parts joined by dots, such as CallRecordings.Listen',
};

function patternWords(pattern: string | undefined): string {
  if (pattern === undefined) return 'the allowed form';
  return PATTERN_WORDS[pattern] ?? 'the allowed form';
}

/** An indentation mistake in words a non-YAML expert understands (see load/parse-yaml.ts). */
function indentMessage(a: Exclude<Indentation, { readonly indent?: undefined }>): Message {
  const column = (n: number): string => (n > 0 ? ` (column ${String(n)})` : '');
  switch (a.indent) {
    case 'deeper':
      return hinted('this line is indented further than the line above it, so YAML reads it as part of that line\'s value', `line it up with ${a.key === '' ? 'the key above' : q(a.key)}${column(a.column)}, or indent it under a key that ends with a colon`);
    case 'list-item':
      return hinted('this line does not line up with the list item above it', `start it at the same column as the first key after "- "${column(a.column)}; a new list item starts with "- "`);
    case 'misaligned':
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

const times = (n: number): string => (n <= 2 ? 'twice' : `${String(n)} times`);

/** " (file:line:col)" of a diagnostic's related place, when it is known. */
function relatedAt(d: Diagnostic): string {
  const r = d.related;
  return r?.line === undefined ? '' : ` (${inert(r.file)}:${String(r.line)}:${String(r.col ?? 1)})`;
}

function relatedHint(d: Diagnostic, prefix: string): string | undefined {
  const r = d.related;
  if (!r) return undefined;
  return `${prefix} ${inert(r.file)}${r.line !== undefined ? `:${r.line}:${r.col ?? 1}` : ''}`;
}
