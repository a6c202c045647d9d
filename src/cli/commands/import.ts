// permctl import --target URL --out DIR
// A target that holds no profiles (vcc:) imports its line permissions into the existing
// repository at DIR instead (import-lines.ts).
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { repositoryFiles } from '../../import/repository.ts';
import { packageSchemas } from '../../init/layout.ts';
import { openTarget } from '../../targets/registry.ts';
import { importablePermissions } from '../../targets/unmodelled.ts';
import { explicitTarget, targetEnv } from '../context.ts';
import { importLines } from './import-lines.ts';
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
  const opened = await openTarget(url, targetEnv(io), { create: false });
  if (!opened.ok) {
    reportDiagnostics([opened.diagnostic], io);
    return EXIT.error;
  }
  const repository = existsSync(join(out, 'permctl.yaml'));
  try {
    if (opened.target.capabilities.kinds.profile === undefined) {
      if (!repository) return usage(`${opened.target.identity} holds only users' line permissions: import them into an existing policy repository (--out DIR with permctl.yaml)`);
      return await importLines(opened.target, out, opts.out, io);
    }
    if (repository) return usage(`${opts.out} already holds a policy repository (permctl.yaml); import into an empty directory`);
    // Permissions outside the catalog are imported too, declared in permctl.yaml.
    const { snapshot } = importablePermissions(await opened.target.read());
    const { state, exists } = snapshot;
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
