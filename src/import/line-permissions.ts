// `permctl import` from a target that holds only users' line permissions (vcc:): it cannot
// write a repository (it knows no profiles), so it writes the lines into an existing one.
// Pure: the repository's model and file texts and the target's state in; the edited texts out.
// Each repository user found in the account (login case-insensitive) gets `recordings.lines`
// set to the account's lines, named by the repository's line ids (matched by E.164 number).
// Edits go through the `yaml` Document API, so comments and layout elsewhere are kept. An
// account line no repository line has is reported (PC633), not invented; a repository user the
// account lacks is left as is (PC632). Only users who may hear lines in the repository (their
// effective recordings' scope is 'lines') take them: for the others the lines would be inert
// and the next plan would revoke them, so they are reported (PC634) and left alone.
import { parseAllDocuments } from 'yaml';
import type { Diagnostic } from '../diagnostics/types.ts';
import type { PolicyModel, ResolvedUser } from '../model/types.ts';
import type { TargetState } from '../plan/state.ts';
import { e164 } from '../targets/vcc/account.ts';

export interface LineImport {
  /** Edited files only: repository path → new text. */
  readonly files: ReadonlyMap<string, string>;
  readonly users: number;
  readonly diagnostics: readonly Diagnostic[];
}

const byKey = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const same = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

function setLines(texts: ReadonlyMap<string, string>, edited: Map<string, ReturnType<typeof parseAllDocuments>>, user: ResolvedUser, lines: string[]): boolean {
  const { file, doc, path } = user.origin;
  let docs = edited.get(file);
  if (docs === undefined) {
    const text = texts.get(file);
    if (text === undefined) return false;
    const parsed = parseAllDocuments(text);
    if (!Array.isArray(parsed)) return false;
    docs = parsed;
    edited.set(file, docs);
  }
  const d = docs[doc];
  if (d === undefined) return false;
  // Recordings inherited from the file's defaults: the user gets their own copy, with the lines.
  if (user.inherited.includes('recordings') || !d.hasIn([...path, 'recordings'])) d.setIn([...path, 'recordings'], { ...(user.value.recordings ?? {}), lines });
  else d.setIn([...path, 'recordings', 'lines'], d.createNode(lines, { flow: true }));
  return true;
}

export interface LineImportInput {
  readonly model: PolicyModel;
  /** Repository path → text, for the files users are written in. */
  readonly texts: ReadonlyMap<string, string>;
  /** Logins (as written) whose effective recording scope is 'lines'. */
  readonly hearLines: ReadonlySet<string>;
  readonly account: TargetState;
  readonly target: string;
}

export function importLinePermissions(input: LineImportInput): LineImport {
  const { model, texts, account, target } = input;
  const diagnostics: Diagnostic[] = [];
  const idByNumber = new Map<string, string>();
  for (const l of model.lines) {
    const n = e164(l.value.number);
    if (n !== undefined) idByNumber.set(n, l.value.id);
  }
  const accountUsers = new Map(account.users.map((u) => [u.login.toLowerCase(), u]));
  const unknownLines = new Map<string, string[]>();
  const edited = new Map<string, ReturnType<typeof parseAllDocuments>>();
  let users = 0;
  for (const user of model.users) {
    const a = accountUsers.get(user.value.login.toLowerCase());
    if (a === undefined) {
      diagnostics.push({ code: 'PC632', severity: 'warning', args: { target, login: user.value.login } });
      continue;
    }
    const have = a.recordings?.lines ?? [];
    if (!input.hearLines.has(user.value.login)) {
      if (have.length > 0) diagnostics.push({ code: 'PC634', severity: 'warning', args: { target, login: user.value.login, count: have.length } });
      continue;
    }
    const lines: string[] = [];
    for (const key of have) {
      const id = idByNumber.get(key);
      if (id !== undefined) lines.push(id);
      else unknownLines.set(key, [...(unknownLines.get(key) ?? []), user.value.login]);
    }
    lines.sort(byKey);
    if (same(lines, [...(user.value.recordings?.lines ?? [])].sort(byKey))) continue;
    if (setLines(texts, edited, user, lines)) users++;
  }
  for (const [line, logins] of [...unknownLines].sort(([x], [y]) => byKey(x, y))) diagnostics.push({ code: 'PC633', severity: 'warning', args: { target, line, logins } });
  const files = new Map([...edited].map(([file, docs]) => [file, docs.map(String).join('')]));
  return { files, users, diagnostics };
}
