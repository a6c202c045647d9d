// permctl compile [DIR] [--out FILE]
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { renderCompiledJson } from '../../render/compiled-json.ts';
import { EXIT } from '../io.ts';
import type { Io } from '../io.ts';
import { compileOrReport } from '../policy.ts';

export function compileCommand(dir: string | undefined, opts: { out?: string }, io: Io): number {
  const result = compileOrReport(dir, io);
  if (!result) return EXIT.error;
  const json = renderCompiledJson(result.compiled.policy, result.builtin.catalog);
  if (opts.out === undefined || opts.out === '-') io.out(json);
  else writeFileSync(resolve(io.cwd, opts.out), json);
  return EXIT.ok;
}
