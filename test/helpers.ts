// Test helpers: run the CLI in-process (fast) or as a real process (exit codes, stack traces).
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '../src/cli/main.ts';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const BIN = join(ROOT, 'bin', 'permctl.js');

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export async function runCli(args: readonly string[], opts: { cwd?: string; env?: Record<string, string> } = {}): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const add = (s: string): string => (s.endsWith('\n') || s === '' ? s : `${s}\n`);
  const code = await main(args, {
    out: (t) => (stdout += add(t)),
    err: (t) => (stderr += add(t)),
    color: false,
    env: opts.env ?? {},
    cwd: opts.cwd ?? ROOT,
  });
  return { code, stdout, stderr };
}

export function spawnCli(args: readonly string[], opts: { cwd?: string; env?: Record<string, string> } = {}): CliResult & { ms: number } {
  const start = performance.now();
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: opts.cwd ?? ROOT, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', ...opts.env } });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr, ms: performance.now() - start };
}

export function tempDir(prefix = 'permctl-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** `file:line:col CODE` per diagnostic, the shape of the fixtures' expect.txt. */
export function positions(diagnostics: readonly { file?: string; line?: number; col?: number; code: string }[]): string[] {
  return diagnostics.map((d) => `${d.file ?? ''}:${d.line ?? ''}:${d.col ?? ''} ${d.code}`);
}
