// permctl history [--target URL] [--history URL] [--user LOGIN] [--limit N] [--format text|json]
//
// A store keeps its own history. A live target's applies are recorded in the store named by
// --history or `history:` in permctl.yaml, filtered to that target. With --history alone, every
// record of that store. Nothing is created: a store that does not exist yet has no history.
import type { Diagnostic } from '../../diagnostics/types.ts';
import { HISTORY_RENDERERS } from '../../render/registries.ts';
import type { HistoryFormat } from '../../render/registries.ts';
import { renderWith } from '../../render/registry.ts';
import { paintFor } from '../../render/style.ts';
import type { HistoryQuery, HistoryRecord, HistoryStore } from '../../targets/contract.ts';
import { openHistory, openTarget } from '../../targets/registry.ts';
import { historyFor, targetEnv, targetFor } from '../context.ts';
import { EXIT } from '../io.ts';
import type { Io } from '../io.ts';
import { reportDiagnostics } from '../report.ts';
import { HistoryRowError } from '../../targets/sqlite/history.ts';
import { repositoryRoot } from '../fs-errors.ts';

export interface HistoryOptions {
  readonly target?: string;
  readonly history?: string;
  readonly user?: string;
  readonly limit: number;
  readonly format: HistoryFormat;
  /** Check the store instead of listing it (tamper evidence, docs/reliability.md). */
  readonly verify?: boolean;
}

async function queryStore(url: string, q: HistoryQuery, io: Io): Promise<readonly HistoryRecord[] | Diagnostic> {
  const opened = await openHistory(url, targetEnv(io), { create: false });
  if (!opened.ok) return opened.diagnostic;
  return using(opened.history, (h) => h.query(q));
}

async function using<T>(h: HistoryStore, fn: (h: HistoryStore) => Promise<T>): Promise<T> {
  try {
    return await fn(h);
  } finally {
    await h.close();
  }
}

async function records(opts: HistoryOptions, io: Io): Promise<readonly HistoryRecord[] | Diagnostic> {
  const base: HistoryQuery = { ...(opts.user !== undefined ? { user: opts.user } : {}), limit: opts.limit };
  // permctl.yaml is found upward from here, as for every command.
  const found = repositoryRoot(undefined, io);
  const root = found.ok ? found.value : io.cwd;
  const url = targetFor(opts.target, root, io);
  const historyUrl = historyFor(opts.history, root, io);
  if (url === undefined) {
    if (historyUrl !== undefined) return queryStore(historyUrl, base, io);
    return { code: 'PC901', severity: 'error', args: { message: 'no target: give --target URL, set PERMCTL_TARGET, or run in a policy repository' } };
  }
  const opened = await openTarget(url, targetEnv(io), { create: false });
  if (!opened.ok) return opened.diagnostic;
  const t = opened.target;
  try {
    if (t.history !== undefined) {
      const found = await t.history.query(base);
      // Only a store without records can be one that does not exist: read it only then.
      if (found.length === 0 && !(await t.read()).exists) reportDiagnostics([{ code: 'PC608', severity: 'info', args: { target: t.identity } }], io, false);
      return found;
    }
    if (historyUrl === undefined) return { code: 'PC611', severity: 'error', args: { target: t.identity } };
    return await queryStore(historyUrl, { ...base, target: t.identity }, io);
  } finally {
    await t.close();
  }
}

/** permctl history --verify: every sign that the store was changed outside permctl. */
async function verifyCommand(opts: HistoryOptions, io: Io): Promise<number> {
  const url = targetFor(opts.target, io.cwd, io);
  if (url === undefined) return (reportDiagnostics([{ code: 'PC901', severity: 'error', args: { message: 'history --verify needs a target: give --target URL, set PERMCTL_TARGET, or run in a policy repository' } }], io), EXIT.error);
  const opened = await openTarget(url, targetEnv(io), { create: false });
  if (!opened.ok) return (reportDiagnostics([opened.diagnostic], io), EXIT.error);
  const t = opened.target;
  try {
    if (t.history?.verify === undefined) return (reportDiagnostics([{ code: 'PC901', severity: 'error', args: { message: `target ${t.identity} cannot verify its history` } }], io), EXIT.error);
    const problems = await t.history.verify();
    if (problems.length > 0) {
      reportDiagnostics(problems.map((problem) => ({ code: 'PC645', severity: 'error', args: { target: t.identity, problem } })), io);
      return EXIT.error;
    }
    io.out(`History verified: the chain of records is intact, and the store holds what its last recorded apply left.`);
    return EXIT.ok;
  } catch (e) {
    return (reportDiagnostics([{ code: 'PC646', severity: 'error', args: { target: t.identity, reason: e instanceof Error ? e.message : String(e) } }], io), EXIT.error);
  } finally {
    await t.close();
  }
}

export async function historyCommand(opts: HistoryOptions, io: Io): Promise<number> {
  if (opts.verify === true) return verifyCommand(opts, io);
  let r: Awaited<ReturnType<typeof records>>;
  try {
    r = await records(opts, io);
  } catch (e) {
    if (!(e instanceof HistoryRowError)) throw e;
    r = { code: 'PC646', severity: 'error', args: { target: opts.target ?? 'the store', reason: e.message } };
  }
  if (!Array.isArray(r)) {
    reportDiagnostics([r as Diagnostic], io);
    return EXIT.error;
  }
  io.out(renderWith(HISTORY_RENDERERS, opts.format, { records: r, ...(opts.user !== undefined ? { user: opts.user } : {}) }, { paint: paintFor(io.color) }));
  return EXIT.ok;
}
