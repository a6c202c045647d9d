// `permctl import --target vcc://… --out DIR` where DIR holds a policy repository: a target that
// holds only users' line permissions writes them into the repository's users (see
// import/line-permissions.ts) instead of writing a repository of its own.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hasErrors } from '../../diagnostics/types.ts';
import { importLinePermissions } from '../../import/line-permissions.ts';
import { runValidate } from '../../pipeline.ts';
import type { Target } from '../../targets/contract.ts';
import { resolvePositions } from '../../validate/positions.ts';
import { EXIT } from '../io.ts';
import type { Io } from '../io.ts';
import { reportDiagnostics } from '../report.ts';

export async function importLines(target: Target, root: string, shown: string, io: Io): Promise<number> {
  const validated = runValidate(root);
  if (hasErrors(validated.diagnostics)) {
    reportDiagnostics(validated.diagnostics, io);
    return EXIT.error;
  }
  const { state } = await target.read();
  const texts = new Map(validated.loaded.files.map((f) => [f.file, readFileSync(join(root, f.file), 'utf8')]));
  const hearLines = new Set(validated.compiled.policy.users.filter((u) => u.recordings?.scope === 'lines').map((u) => u.login));
  const result = importLinePermissions({ model: validated.validated.model, texts, hearLines, account: state, target: target.identity });
  if (result.diagnostics.length > 0) reportDiagnostics(resolvePositions(result.diagnostics, validated.loaded.files), io, false);
  for (const [file, text] of result.files) writeFileSync(join(root, file), text);
  io.out(`Imported the line permissions of ${result.users} user(s) from ${target.identity} into ${shown} (${result.files.size} file(s) changed).`);
  return EXIT.ok;
}
