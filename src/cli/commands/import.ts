// permctl import --target URL --out DIR
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { repositoryFiles } from '../../import/repository.ts';
import { packageSchemas } from '../../init/layout.ts';
import { openTarget } from '../../targets/registry.ts';
import { explicitTarget, targetEnv } from '../context.ts';
import { EXIT } from '../io.ts';
import type { Io } from '../io.ts';
import { reportDiagnostics } from '../report.ts';

export async function importCommand(opts: { target?: string; out: string }, io: Io): Promise<number> {
  const url = explicitTarget(opts.target, io);
  const out = resolve(io.cwd, opts.out);
  const usage = (message: string): number => {
    reportDiagnostics([{ code: 'PC901', severity: 'error', args: { message } }], io);
    return EXIT.error;
  };
  if (url === undefined) return usage('import needs --target URL (or PERMCTL_TARGET)');
  if (existsSync(join(out, 'permctl.yaml'))) return usage(`${opts.out} already holds a policy repository (permctl.yaml); import into an empty directory`);
  const opened = await openTarget(url, targetEnv(io), { create: false });
  if (!opened.ok) {
    reportDiagnostics([opened.diagnostic], io);
    return EXIT.error;
  }
  try {
    const { state, exists } = await opened.target.read();
    if (!exists) reportDiagnostics([{ code: 'PC608', severity: 'info', args: { target: opened.target.identity } }], io, false);
    mkdirSync(out, { recursive: true });
    const files = repositoryFiles(state, opened.target.identity, packageSchemas());
    for (const [name, text] of files) {
      mkdirSync(dirname(join(out, name)), { recursive: true });
      writeFileSync(join(out, name), text);
    }
    io.out(`Imported ${state.profiles.length} profiles, ${state.users.length} users, ${state.routingProfiles.length} routing profiles, ${state.queues.length} queues and ${state.lines.length} lines into ${opts.out} (${files.size} files).`);
    return EXIT.ok;
  } finally {
    await opened.target.close();
  }
}
