// permctl report [DIR] [--target URL [--since ID]] --html FILE | --format csv [--out FILE]
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { hasErrors } from '../../diagnostics/types.ts';
import type { Diagnostic } from '../../diagnostics/types.ts';
import { packageVersion } from '../../init/layout.ts';
import { nodeVfs } from '../../load/vfs.ts';
import { runValidate } from '../../pipeline.ts';
import { sha256 } from '../../plan/fingerprint.ts';
import { buildReport } from '../../report/build.ts';
import type { ReportMeta } from '../../report/build.ts';
import { REPORT_RENDERERS } from '../../render/report/index.ts';
import type { ReportFormat } from '../../render/report/index.ts';
import { renderWith } from '../../render/registry.ts';
import { paintFor } from '../../render/style.ts';
import type { HistoryRecord, Target } from '../../targets/contract.ts';
import { openHistory, openTarget } from '../../targets/registry.ts';
import { explicitTarget, gitCommit, historyFor, targetEnv } from '../context.ts';
import { EXIT } from '../io.ts';
import { withProgress } from '../progress.ts';
import type { Progress } from '../progress.ts';
import type { Io } from '../io.ts';
import { reportDiagnostics } from '../report.ts';
import { repositoryRoot } from '../fs-errors.ts';

export interface ReportOptions {
  readonly format?: ReportFormat;
  readonly html?: string;
  readonly out?: string;
  readonly target?: string;
  readonly since: number;
}

const HISTORY_LIMIT = 100_000;

/** The target's applies: its own history, or the history store permctl.yaml names for it. */
async function targetHistory(t: Target, root: string, io: Io): Promise<readonly HistoryRecord[] | Diagnostic> {
  if (t.history !== undefined) return t.history.query({ limit: HISTORY_LIMIT });
  const historyUrl = historyFor(undefined, root, io);
  if (historyUrl === undefined) return [];
  const opened = await openHistory(historyUrl, targetEnv(io), { create: false });
  if (!opened.ok) return opened.diagnostic;
  try {
    return await opened.history.query({ limit: HISTORY_LIMIT, target: t.identity });
  } finally {
    await opened.history.close();
  }
}

/** SOURCE_DATE_EPOCH (reproducible builds) fixes the report's time; otherwise now. */
function generatedAt(io: Io): string {
  const epoch = Number(io.env.SOURCE_DATE_EPOCH);
  return (io.env.SOURCE_DATE_EPOCH !== undefined && Number.isFinite(epoch) ? new Date(epoch * 1000) : new Date()).toISOString();
}

export function reportCommand(dir: string | undefined, opts: ReportOptions, io: Io): Promise<number> {
  return withProgress(io, 'reporting', (progress) => report(dir, opts, progress.io, progress));
}

async function report(dir: string | undefined, opts: ReportOptions, io: Io, progress: Progress): Promise<number> {
  const format: ReportFormat = opts.html !== undefined ? 'html' : (opts.format ?? 'html');
  const out = opts.html ?? opts.out;
  if (opts.html !== undefined && opts.format !== undefined && opts.format !== 'html') {
    reportDiagnostics([{ code: 'PC901', severity: 'error', args: { message: `--html writes HTML; it cannot be combined with --format ${opts.format}`, hint: 'use --format csv --out FILE for CSV' } }], io);
    return EXIT.error;
  }
  const found = repositoryRoot(dir, io);
  if (!found.ok) {
    reportDiagnostics([found.diagnostic], io);
    return EXIT.error;
  }
  const root = found.value;
  const commit = gitCommit(root, io); // beside the validation
  const validated = runValidate(root, nodeVfs, (stage) => progress.stage(stage));
  if (hasErrors(validated.diagnostics)) {
    reportDiagnostics(validated.diagnostics, io);
    return EXIT.error;
  }
  const meta: ReportMeta = {
    instance: validated.compiled.policy.instance,
    generatedAt: generatedAt(io),
    gitCommit: await commit,
    policyFingerprint: sha256(`${validated.builtin.fingerprint}\u0000${validated.loaded.fingerprint}`),
    permctlVersion: packageVersion(),
  };
  const url = explicitTarget(opts.target, io);
  let target: ReportMeta['target'];
  let history: readonly HistoryRecord[] | undefined;
  if (url !== undefined) {
    const opened = await openTarget(url, targetEnv(io), { create: false });
    if (!opened.ok) {
      reportDiagnostics([opened.diagnostic], io);
      return EXIT.error;
    }
    try {
      progress.stage('reading the target');
      const snapshot = await opened.target.read();
      const found = await targetHistory(opened.target, root, io);
      if (!Array.isArray(found)) {
        reportDiagnostics([found as Diagnostic], io);
        return EXIT.error;
      }
      history = found;
      target = { url: opened.target.identity, fingerprint: snapshot.fingerprint, since: opts.since };
    } finally {
      await opened.target.close();
    }
  }
  progress.stage('rendering');
  const report = buildReport({ policy: validated.compiled.policy, catalog: validated.builtin.catalog, diagnostics: validated.diagnostics, meta: { ...meta, ...(target ? { target } : {}) }, ...(history ? { history } : {}) });
  const text = renderWith(REPORT_RENDERERS, format, report, { paint: paintFor(false) });
  if (out === undefined) {
    io.out(text);
    return EXIT.ok;
  }
  try {
    writeFileSync(resolve(io.cwd, out), text);
  } catch (e) {
    reportDiagnostics([{ code: 'PC922', severity: 'error', args: { file: out, reason: e instanceof Error ? e.message : String(e) } }], io);
    return EXIT.error;
  }
  io.err(`Wrote the access report of ${report.users.length} users to ${out}.`);
  return EXIT.ok;
}
