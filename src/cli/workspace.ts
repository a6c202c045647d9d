// Where the policy repository sits inside the checked-out workspace, for annotations: relative
// to GITHUB_WORKSPACE in Actions, else to the git top level; '' when at the root or outside.
import { execFileSync } from 'node:child_process';
import { realpathSync } from 'node:fs';
import { isAbsolute, relative, sep } from 'node:path';
import type { Io } from './io.ts';

const real = (p: string): string => {
  try {
    return realpathSync(p);
  } catch {
    return p;
  }
};

function gitTopLevel(root: string): string | undefined {
  try {
    return execFileSync('git', ['-C', root, 'rev-parse', '--show-toplevel'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() || undefined;
  } catch {
    return undefined; // not a git checkout
  }
}

export function workspacePrefix(root: string, io: Io): string {
  const base = io.env.GITHUB_WORKSPACE !== undefined && io.env.GITHUB_WORKSPACE !== '' ? io.env.GITHUB_WORKSPACE : gitTopLevel(root);
  if (base === undefined) return '';
  const rel = relative(real(base), real(root));
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return '';
  return rel.split(sep).join('/');
}
