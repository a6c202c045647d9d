// What commands learn from the environment: the target URL (--target, PERMCTL_TARGET, then
// permctl.yaml), the git commit, and who is acting. Kept here so stages stay pure.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseYamlFile } from '../load/parse-yaml.ts';
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
  const path = join(root, 'permctl.yaml');
  if (!existsSync(path)) return undefined;
  const value = parseYamlFile('permctl.yaml', readFileSync(path, 'utf8')).documents[0]?.value as Record<string, unknown> | undefined;
  const url = value?.[field];
  return typeof url === 'string' && url !== '' ? absoluteTargetUrl(url, root) : undefined;
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

export function gitCommit(root: string, io: Io): string | null {
  if (io.env.GITHUB_SHA) return io.env.GITHUB_SHA;
  try {
    return execFileSync('git', ['-C', resolve(root), 'rev-parse', 'HEAD'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() || null;
  } catch {
    return null; // not a git checkout: the plan records no commit
  }
}

export function actor(io: Io): string {
  return io.env.PERMCTL_ACTOR ?? io.env.GITHUB_ACTOR ?? io.env.USER ?? 'unknown';
}
