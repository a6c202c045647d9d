// What commands learn from the environment: the target URL (--target, PERMCTL_TARGET, then
// permctl.yaml), the git commit, and who is acting. Kept here so stages stay pure.
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { readRepositoryFile } from '../load/index.ts';
import { parseFile } from '../load/fast-parse.ts';
import { nodeVfs } from '../load/vfs.ts';
import type { TargetEnv } from '../targets/contract.ts';
import { absoluteTargetUrl } from '../targets/registry.ts';
import type { Io } from './io.ts';

/** --target or PERMCTL_TARGET, made absolute against the working directory. */
export function explicitTarget(flag: string | undefined, io: Io): string | undefined {
  const url = flag ?? io.env.PERMCTL_TARGET;
  return url === undefined || url === '' ? undefined : absoluteTargetUrl(url, io.cwd);
}

/** The `target:` of DIR/permctl.yaml, made absolute against DIR; read on its own, before
 *  the repository, so the target can be read while the repository is validated. A broken
 *  permctl.yaml yields no target here; validation then reports what is wrong with it. */
export function configTarget(root: string): string | undefined {
  return configUrl(root, 'target');
}

/** A URL field (`target:`, `history:`) of DIR/permctl.yaml, made absolute against DIR. */
function configUrl(root: string, field: 'target' | 'history'): string | undefined {
  // Read within the repository boundary: a permctl.yaml that links out or is a FIFO gives none.
  const text = readRepositoryFile(nodeVfs, root, 'permctl.yaml');
  if (text === undefined) return undefined;
  const value = parseFile('permctl.yaml', text).documents[0]?.value as Record<string, unknown> | undefined;
  const url = value?.[field];
  return typeof url === 'string' && url !== '' ? absoluteTargetUrl(url, root) : undefined;
}

/** DIR/permctl.yaml as plain data (within the repository boundary), for target drivers that
 *  take settings from it (connect: `connect.userDefaults`); undefined when absent or broken. */
export function repositoryConfig(root: string): Readonly<Record<string, unknown>> | undefined {
  const text = readRepositoryFile(nodeVfs, root, 'permctl.yaml');
  if (text === undefined) return undefined;
  const value = parseFile('permctl.yaml', text).documents[0]?.value;
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** Where a live target's applies are recorded: --history, then DIR/permctl.yaml's `history:`. */
export function historyFor(flag: string | undefined, root: string, io: Io): string | undefined {
  return flag !== undefined && flag !== '' ? absoluteTargetUrl(flag, io.cwd) : configUrl(root, 'history');
}

/** What target drivers see of the environment: variables (PGPASSWORD, …) and the directory
 *  relative store paths resolve against. */
export function targetEnv(io: Io): TargetEnv {
  return { env: io.env, cwd: io.cwd };
}

/** The target of a command: --target, PERMCTL_TARGET, then DIR/permctl.yaml. */
export function targetFor(flag: string | undefined, root: string, io: Io): string | undefined {
  return explicitTarget(flag, io) ?? configTarget(root);
}

/** The checkout's commit (GITHUB_SHA in Actions); null outside a git checkout: the plan then
 *  records no commit. A promise: `plan` and `apply` ask before they validate and read the
 *  answer after, so git runs beside the validation instead of before it (~15 ms of a run). */
export function gitCommit(root: string, io: Io): Promise<string | null> {
  if (io.env.GITHUB_SHA) return Promise.resolve(io.env.GITHUB_SHA);
  return new Promise((settle) => {
    execFile('git', ['-C', resolve(root), 'rev-parse', 'HEAD'], { encoding: 'utf8' }, (error, out) => settle(error ? null : out.trim() || null));
  });
}

export function actor(io: Io): string {
  return io.env.PERMCTL_ACTOR ?? io.env.GITHUB_ACTOR ?? io.env.USER ?? 'unknown';
}

/** One target of a command and where its applies are recorded. */
export interface TargetEntry {
  readonly url: string;
  readonly history: string | undefined;
}

/** permctl.yaml's `targets:` (each url and history absolute against DIR); [] when absent. */
function configTargets(root: string): TargetEntry[] {
  // Within the repository boundary, as configUrl: a permctl.yaml that links out or is a FIFO gives none.
  const text = readRepositoryFile(nodeVfs, root, 'permctl.yaml');
  if (text === undefined) return [];
  const value = parseFile('permctl.yaml', text).documents[0]?.value as { targets?: unknown } | undefined;
  if (!Array.isArray(value?.targets)) return [];
  return value.targets.flatMap((t: unknown): TargetEntry[] => {
    const { url, history } = (t ?? {}) as { url?: unknown; history?: unknown };
    if (typeof url !== 'string' || url === '') return [];
    return [{ url: absoluteTargetUrl(url, root), history: typeof history === 'string' && history !== '' ? absoluteTargetUrl(history, root) : undefined }];
  });
}

/** The targets of a command, in apply order: --target / PERMCTL_TARGET (one), else
 *  permctl.yaml's `targets:`, else its `target:`. A target's history: --history, else its own
 *  `history:` in `targets:`, else permctl.yaml's `history:`. */
export function targetsFor(flag: string | undefined, historyFlag: string | undefined, root: string, io: Io): TargetEntry[] {
  const explicitHistory = historyFlag !== undefined && historyFlag !== '' ? absoluteTargetUrl(historyFlag, io.cwd) : undefined;
  const shared = explicitHistory ?? configUrl(root, 'history');
  const one = explicitTarget(flag, io);
  if (one !== undefined) return [{ url: one, history: shared }];
  const listed = configTargets(root);
  if (listed.length > 0) return listed.map((t) => ({ url: t.url, history: explicitHistory ?? t.history ?? shared }));
  const single = configTarget(root);
  return single === undefined ? [] : [{ url: single, history: shared }];
}
