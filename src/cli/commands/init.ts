// permctl init [DIR]: a working repository in one command. Never overwrites a file.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { initFiles, instanceName } from '../../init/index.ts';
import { packageSchemas, packageVersion, readPackageTree } from '../../init/layout.ts';
import { EXIT } from '../io.ts';
import type { Io } from '../io.ts';
import { reportDiagnostics } from '../report.ts';

export function initCommand(dir: string | undefined, opts: { instance?: string }, io: Io): number {
  const root = resolve(io.cwd, dir ?? '.');
  const instance = instanceName(opts.instance ?? basename(root));
  const files = initFiles({ instance, template: readPackageTree('src/init/template'), schemas: packageSchemas(), version: packageVersion() });
  const shown = dir ?? '.';
  const existing = ['permctl.yaml', ...files.keys()].find((f) => existsSync(join(root, f)));
  if (existing !== undefined) {
    reportDiagnostics([{ code: 'PC920', severity: 'error', args: { dir: shown, file: existing } }], io);
    return EXIT.error;
  }
  try {
    for (const [path, text] of files) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), text, { flag: 'wx' });
    }
  } catch (e) {
    reportDiagnostics([{ code: 'PC921', severity: 'error', args: { dir: shown, reason: e instanceof Error ? e.message : String(e) } }], io);
    return EXIT.error;
  }
  io.out(`Initialised policy repository ${shown} for instance ${instance} (${files.size} files).`);
  io.out(`Next: permctl validate ${shown}; permctl plan ${shown}; commit it and push (.github/workflows/: permctl-plan.yml plans pull requests, permctl-comment.yml posts the plan, permctl-apply.yml applies on merge).`);
  return EXIT.ok;
}
