// Puts the repository's desired state and the account's state in one vocabulary before the
// planner compares them. Pure. VCC differs from the repository in three ways:
// - lines: the repository names a line by its id ('support-uk') and gives its number; the
//   account knows only numbers (account.ts keys lines by E.164 number). Desired users' lines are
//   rewritten to numbers; a repository line whose number the account lacks is an error located
//   at the line (PC630); an account line no repository line names stays unmanaged.
// - users: matched by username, case-insensitively; the account's users take the repository's
//   spelling. A repository user the account lacks is a finding (PC609 from the planner, whose
//   capabilities say create: false), never a create: the public API cannot create users.
// - fields: the account holds only users' line permissions; the planner compares only those
//   and says once what is not held (PC604). The matched account users take the repository's
//   other fields, so access and findings computed over them see the repository's.
// A user's permissions on lines that are not the repository's are kept (never destroy what
// permctl does not model), unless permctl.yaml says `unmanaged: revoke`.
import type { Diagnostic, Origin } from '../../diagnostics/types.ts';
import type { LineState, RecordingState, TargetState, UserState } from '../../plan/state.ts';
import type { BindInput, Bound } from '../contract.ts';
import { e164 } from './account.ts';

const NO_RECORDINGS: RecordingState = { role: 'normal', viewCallRecordings: false, viewOutboundCallRecordings: false, viewScreenRecordings: false, deleteCallRecordings: false, lines: [] };
const byKey = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const sortedUnique = (xs: Iterable<string>): string[] => [...new Set(xs)].sort(byKey);

/** PC630 at the repository line, when its place is known. */
function missingLine(origin: Origin | undefined, args: { target: string; line: string; number: string }): Diagnostic {
  return origin ? { code: 'PC630', severity: 'error', file: origin.file, doc: origin.doc, path: origin.path, args } : { code: 'PC630', severity: 'error', args };
}

/** Repository line id → the account's key for it (its number), with PC630 for the missing. */
function mapLines(input: BindInput, diagnostics: Diagnostic[]): { keyOf: Map<string, string>; lines: LineState[] } {
  const account = new Map(input.current.lines.map((l) => [l.id, l]));
  const keyOf = new Map<string, string>();
  const lines: LineState[] = [];
  for (const l of input.desired.lines) {
    const number = e164(l.number);
    const held = number === undefined ? undefined : account.get(number);
    if (number === undefined || held === undefined) {
      diagnostics.push(missingLine(input.lineOrigins?.get(l.id), { target: input.target, line: l.id, number: l.number }));
      continue;
    }
    keyOf.set(l.id, number);
    // The account's own description: the target does not hold the repository's.
    lines.push(held);
  }
  return { keyOf, lines: lines.sort((a, b) => byKey(a.id, b.id)) };
}

export function bindVcc(input: BindInput): Bound {
  const diagnostics: Diagnostic[] = [];
  const { keyOf, lines } = mapLines(input, diagnostics);
  const repoKeys = new Set(keyOf.values());
  const accountByLogin = new Map<string, UserState>();
  for (const u of input.current.users) accountByLogin.set(u.login.toLowerCase(), u);

  const desiredUsers: UserState[] = [];
  const matched = new Map<string, UserState>(); // account login → the account's user, rebound
  for (const d of input.desired.users) {
    const a = accountByLogin.get(d.login.toLowerCase());
    const want = d.recordings ?? NO_RECORDINGS;
    if (a === undefined) {
      // The planner reports it (PC609): the API cannot create users.
      desiredUsers.push({ ...d, recordings: { ...want, lines: sortedUnique(want.lines.flatMap((id) => keyOf.get(id) ?? [])) } });
      continue;
    }
    const have = a.recordings?.lines ?? [];
    const kept = input.revokeUnmanaged ? [] : have.filter((k) => !repoKeys.has(k));
    const lineKeys = sortedUnique([...want.lines.flatMap((id) => keyOf.get(id) ?? []), ...kept]);
    desiredUsers.push({ ...d, recordings: { ...want, lines: lineKeys } });
    matched.set(a.login, { ...d, recordings: { ...want, lines: have } });
  }
  // Account users keep their place unless matched, then they take the repository's spelling.
  const currentUsers = input.current.users.map((u) => matched.get(u.login) ?? u).sort((a, b) => byKey(a.login, b.login));
  desiredUsers.sort((a, b) => byKey(a.login, b.login));
  // Kinds the target does not hold stay in the desired state: the planner says once what they
  // are (PC604) and leaves them out.
  const current: TargetState = { ...input.current, users: currentUsers };
  const desired: TargetState = { ...input.desired, users: desiredUsers, lines };
  return { desired, current, diagnostics };
}
