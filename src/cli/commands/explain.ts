// permctl explain USER|PROFILE [DIR] and permctl who-can PERMISSION [DIR] [--line ID]
import { explain } from '../../query/explain.ts';
import { RECORDING_PERMISSIONS, whoCan } from '../../query/who-can.ts';
import { EXPLAIN_RENDERERS, WHO_CAN_RENDERERS } from '../../render/registries.ts';
import type { ExplainFormat, WhoCanFormat } from '../../render/registries.ts';
import { renderWith } from '../../render/registry.ts';
import { reportDiagnostics } from '../report.ts';
import { paintFor } from '../../render/style.ts';
import { EXIT } from '../io.ts';
import type { Io } from '../io.ts';
import { compileOrReport } from '../policy.ts';

export function explainCommand(name: string, dir: string | undefined, opts: { format: ExplainFormat }, io: Io): number {
  const result = compileOrReport(dir, io);
  if (!result) return EXIT.error;
  const e = explain(name, result.compiled.policy, result.builtin.catalog, result.builtin.escalation);
  const text = renderWith(EXPLAIN_RENDERERS, opts.format, e, { paint: paintFor(io.color) });
  if (e.kind === 'unknown') {
    (opts.format === 'json' ? io.out : io.err)(text);
    return EXIT.error;
  }
  io.out(text);
  return EXIT.ok;
}

export function whoCanCommand(permission: string, dir: string | undefined, opts: { format: WhoCanFormat; line?: string }, io: Io): number {
  if (opts.line !== undefined && !(RECORDING_PERMISSIONS as readonly string[]).includes(permission)) {
    const message = `--line applies to the recording-archive permissions (${RECORDING_PERMISSIONS.join(', ')}); ${permission} is not scoped to recording lines`;
    reportDiagnostics([{ code: 'PC901', severity: 'error', args: { message, hint: `run permctl who-can ${permission} without --line` } }], io);
    return EXIT.error;
  }
  const result = compileOrReport(dir, io);
  if (!result) return EXIT.error;
  const w = whoCan(permission, opts.line, result.compiled.policy, result.builtin.catalog, result.builtin.escalation);
  const text = renderWith(WHO_CAN_RENDERERS, opts.format, w, { paint: paintFor(io.color) });
  if (w.kind !== 'answer') {
    (opts.format === 'json' ? io.out : io.err)(text);
    return EXIT.error;
  }
  io.out(text);
  return EXIT.ok;
}
