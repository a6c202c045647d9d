// permctl compile [DIR] [--out FILE]
import { renderCompiledJson } from '../../render/compiled-json.ts';
import { EXIT } from '../io.ts';
import type { Io } from '../io.ts';
import { writeOutput } from '../fs-errors.ts';
import { reportDiagnostics } from '../report.ts';
import { compileOrReport } from '../policy.ts';

export function compileCommand(dir: string | undefined, opts: { out?: string }, io: Io): number {
  const result = compileOrReport(dir, io);
  if (!result) return EXIT.error;
  const json = renderCompiledJson(result.compiled.policy, result.builtin.catalog);
  if (opts.out === undefined || opts.out === '-') io.out(json);
  else {
    const written = writeOutput(opts.out, json, io);
    if (!written.ok) {
      reportDiagnostics([written.diagnostic], io);
      return EXIT.error;
    }
  }
  return EXIT.ok;
}
