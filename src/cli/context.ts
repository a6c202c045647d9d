// What commands learn from the environment: the target URL (--target, PERMCTL_TARGET, then
// permctl.yaml), the git commit, and who is acting. Kept here so stages stay pure.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseYamlFile } from '../load/parse-yaml.ts';
import { absoluteTargetUrl } from '../targets/resolve.ts';
import type { Io } from './io.ts';

/** --target or PERMCTL_TARGET, made absolute against the working directory. */
export function explicitTarget(flag: string | undefined, io: Io): string | undefined {
  const url = flag ?? io.env.PERMCTL_TARGET;
  return url === undefined || url === '' ? undefined : absoluteTargetUrl(url, io.cwd);
}

/** The `target:` of DIR/permctl.yaml, made absolute against DIR. */
export function configTarget(root: string): (configured: string | undefined) => string | undefined {
  return (configured) => (configured === undefined ? undefined : absoluteTargetUrl(configured, root));
}

/** For commands that take no DIR (history, import): the target of ./permctl.yaml, if any. */
export function targetFromCwdConfig(io: Io): string | undefined {
  const path = join(io.cwd, 'permctl.yaml');
  if (!existsSync(path)) return undefined;
  const value = parseYamlFile('permctl.yaml', readFileSync(path, 'utf8')).documents[0]?.value as { target?: unknown } | undefined;
  return typeof value?.target === 'string' ? absoluteTargetUrl(value.target, io.cwd) : undefined;
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
