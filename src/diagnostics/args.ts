// The arguments of each diagnostic code, typed (publint's message table is the model): the
// core says what it found as data; render/messages.ts words it. A code added to codes.ts
// needs its entry here, or the build fails.
import type { Code } from './codes.ts';

type Strings = readonly string[];
type Bound = { readonly field: string; readonly actual: number; readonly limit: number; readonly bound: 'min' | 'max' };
/** Codes of an unknown name, with the close names that exist. */
export type SuggestedCode = 'PC301' | 'PC304' | 'PC305' | 'PC306' | 'PC307' | 'PC311';
type Suggested = { readonly name: string; readonly suggestions: Strings };
/** One user (and how many more share their profiles), or one profile. */
type Subject = { readonly login: string; readonly others: number } | { readonly profile: string };
/** What the YAML parser said, and its error code. */
type YamlError = { readonly message: string; readonly yamlCode?: string };
/** An indentation mistake, recognised (load/parse-yaml.ts): a line indented deeper than the
 *  key above it (`column` and `key` of that key), a list item's field out of line (`column`
 *  of the item's first key), or keys of one mapping at different columns. */
export type Indentation =
  | { readonly indent?: undefined }
  | { readonly indent: 'deeper'; readonly column: number; readonly key: string }
  | { readonly indent: 'list-item'; readonly column: number }
  | { readonly indent: 'misaligned' };
/** How a profile grants a permission it does not list: a dependency rule, or a parent. */
export type GrantedThrough = { readonly type: 'implied'; readonly by: string } | { readonly type: 'extends'; readonly profile: string };
/** The errno codes that mean a path the user gave cannot be used (cli/fs-errors.ts). */
export type FsErrno = 'ENOENT' | 'ENOTDIR' | 'EISDIR' | 'EACCES' | 'EPERM' | 'EROFS' | 'ENOSPC' | 'EDQUOT' | 'ELOOP' | 'ENAMETOOLONG' | 'EEXIST' | 'ENOTEMPTY' | 'EBUSY';

export interface DiagnosticArgs {
  PC101: YamlError & Indentation;
  /** With the key and where it first appears, when the parser's tree shows it. */
  PC102: YamlError & ({ readonly key?: undefined } | { readonly key: string; readonly firstLine: number; readonly firstCol: number });
  PC103: { readonly version: string };
  PC104: { readonly limit: number };
  PC105: { readonly size: number; readonly limit: number };
  PC106: { readonly count: number; readonly limit: number };
  PC107: { readonly key: string };
  PC108: Record<string, never>;
  PC109: { readonly tag: string };
  PC110: { readonly dir: string };
  PC111: { readonly reason: string };
  PC112: { readonly limit: number };
  PC120: { readonly what: 'file' | 'directory' };
  PC121: { readonly type: string };
  PC122: Record<string, never>;
  /** `byte`: the first byte that is not UTF-8, as 0xNN; `utf16`: the file starts with a UTF-16 BOM. */
  PC123: { readonly byte: string; readonly utf16: boolean };
  PC124: { readonly limit: number };
  PC125: { readonly feature: string; readonly limit: number };
  PC126: Record<string, never>;
  PC201: { readonly kinds: Strings };
  PC202: { readonly kind: string; readonly kinds: Strings; readonly suggestions: Strings };
  /** `value`: only a YAML 1.1 boolean spelling (yes, no, on, off, y, n), which gets its own words. */
  PC203: { readonly field: string; readonly expected: string; readonly actual: string; readonly value?: string };
  PC204: { readonly field: string; readonly viaDefaults?: boolean; readonly login?: string };
  PC205: { readonly field: string; readonly suggestions: Strings };
  PC206: { readonly field: string; readonly value: string; readonly allowed: Strings; readonly exactlyOne?: boolean };
  /** `pattern`: the schema's regular expression; messages.ts says it in words (absent: another check failed). */
  PC207: { readonly field: string; readonly value: string; readonly pattern?: string };
  PC208: Bound;
  PC209: Bound;
  PC210: Bound;
  /** `first`: index of the first entry; `count`: how many entries repeat the value. */
  PC211: { readonly field: string; readonly value: string; readonly first: number; readonly count: number };
  PC212: { readonly kind: string; readonly file: string };
  /** `restrictions`: the suggestions that are restrictions (granting one narrows access). */
  PC301: Suggested & { readonly restrictions?: Strings };
  PC302: { readonly name: string; readonly api: Strings };
  PC303: { readonly name: string; readonly ui?: string };
  PC304: Suggested;
  PC305: Suggested;
  PC306: Suggested;
  PC307: Suggested;
  PC308: { readonly kind: string; readonly name: string };
  PC309: { readonly kind: string; readonly name: string };
  PC310: { readonly cycle: Strings };
  PC311: Suggested;
  PC312: { readonly kind: string; readonly name: string };
  PC402: { readonly profile: string; readonly count: number; readonly limit: number };
  PC403: { readonly hierarchy: string; readonly levels: number; readonly max: number };
  PC404: { readonly profile: string; readonly queue: string; readonly queues: Strings };
  PC405: { readonly profile: string; readonly queue: string };
  PC406: { readonly field: string; readonly login: string };
  PC407: { readonly login: string };
  PC408: { readonly login: string };
  PC409: { readonly id: string; readonly number: string };
  PC411: { readonly login: string };
  PC412: { readonly login: string; readonly access: 'none' | 'own' | 'all' };
  PC413: { readonly login: string };
  PC501: Subject;
  /** `pairs`: each redacted and unredacted permission held together, when more than the legacy
   *  RedactedData.View and ListenCallRecordings. */
  PC502: Subject & { readonly pairs?: readonly (readonly [string, string])[] };
  /** A repository profile, or a built-in one at its first holder (`heldBy`); `through`: how it
   *  grants DownloadCallRecordings when it does not list it. */
  /** `permissions`: the download buttons held, when they are more than DownloadCallRecordings. */
  PC503: { readonly profile: string; readonly heldBy?: string; readonly through?: readonly GrantedThrough[]; readonly permissions?: readonly string[] };
  PC504: { readonly cycle: Strings };
  /** The first few logins and how many gain delete; what else a delete removes on this instance. */
  PC505: { readonly logins: Strings; readonly count: number; readonly screen: boolean; readonly transcripts: boolean };
  PC510: { readonly guardrail: string; readonly permission: string; readonly profile: string; readonly allowed: Strings };
  PC511: { readonly guardrail: string; readonly permission: string; readonly count: number; readonly max: number };
  PC512: { readonly guardrail: string; readonly login: string; readonly others: number; readonly permissions: Strings };
  PC513: { readonly guardrail: string; readonly login: string; readonly others: number; readonly permission: string; readonly missing: Strings };
  PC514: { readonly guardrail: string; readonly count: number; readonly max: number };
  PC601: Record<string, never>;
  /** Revoked of total, in the unit of `measure` (grants, or users losing all access). */
  PC602: { readonly percent: number; readonly limit: number; readonly measure: 'grants' | 'users'; readonly revoked: number; readonly total: number };
  PC603: { readonly expected?: string; readonly actual?: string };
  /** Said once per plan: kinds not held (with how many the policy has) and kinds held in part. */
  PC604: { readonly target: string; readonly kinds: readonly string[]; readonly partial: readonly string[] };
  PC605: { readonly reason: string };
  PC606: { readonly target: string; readonly reason: string };
  PC607: { readonly reason: string };
  PC608: { readonly target: string };
  PC609: { readonly target: string; readonly kind: string; readonly count: number; readonly names: string };
  PC610: { readonly planned: string; readonly given: string };
  PC611: { readonly target: string };
  PC612: { readonly target: string; readonly applied: number; readonly failed: number; readonly skipped: number; readonly reason: string };
  PC613: { readonly target: string; readonly found: number; readonly supported: number };
  PC640: { readonly reason: string };
  PC645: { readonly target: string; readonly problem: string };
  PC646: { readonly target: string; readonly reason: string };
  /** What a target holds that permctl does not model (Unmodelled), value already a short text. */
  PC620: { readonly kind: string; readonly name: string; readonly field: string; readonly value: string };
  PC630: { readonly target: string; readonly line: string; readonly number: string };
  PC632: { readonly target: string; readonly login: string };
  PC633: { readonly target: string; readonly line: string; readonly logins: readonly string[] };
  PC634: { readonly target: string; readonly login: string; readonly count: number };
  PC635: Record<string, never>;
  PC636: { readonly url: string };
  PC637: { readonly target: string; readonly reason: string; readonly skipped: readonly string[] };
  PC638: { readonly target: string; readonly codes: readonly string[] };
  /** The first user the plan would create (where the error points) and how many. */
  PC660: { readonly target: string; readonly login: string; readonly count: number };
  PC700: { readonly request: string; readonly status: number | string; readonly reason: string; readonly hint?: string };
  PC701: { readonly message: string; readonly hint: string };
  PC702: { readonly bytes: number };
  PC901: { readonly message: string; readonly hint?: string };
  /** `path` as the user wrote it (relative to the working directory unless outside it). */
  PC902: { readonly action: 'read' | 'write' | 'open' | 'create'; readonly path: string; readonly errno: FsErrno };
  PC903: { readonly path: string };
  PC920: { readonly dir: string; readonly file: string };
  PC921: { readonly dir: string; readonly reason: string };
  PC922: { readonly file: string; readonly reason: string };
  PC923: Record<string, never>;
}

// Every code has its arguments, and nothing else is listed.
type Missing = Exclude<Code, keyof DiagnosticArgs>;
type Extra = Exclude<keyof DiagnosticArgs, Code>;
export const ARGS_COMPLETE: [Missing, Extra] extends [never, never] ? true : { missing: Missing; extra: Extra } = true;
