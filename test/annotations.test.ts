// validate --format github: file= relative to the workspace root (policies in a subfolder),
// workflow-command escaping of hostile text, and at most 10 errors + 10 warnings then a notice.
import { cpSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../src/diagnostics/types.ts';
import { renderDiagnosticsGithub } from '../src/render/diagnostics/github.ts';
import { ROOT, runCli, tempDir } from './helpers.ts';

const d = (severity: Diagnostic['severity'], message: string, file = 'users.yaml'): Diagnostic => ({ code: 'PC901', severity, file, line: 3, col: 5, args: { message } });

describe('validate --format github', () => {
  it('names files from GITHUB_WORKSPACE when the policies live in a subfolder', async () => {
    const ws = tempDir('permctl-ws-');
    mkdirSync(join(ws, 'policy'), { recursive: true });
    cpSync(join(ROOT, 'examples/broken'), join(ws, 'policy/prod'), { recursive: true });
    const r = await runCli(['validate', 'policy/prod', '--format', 'github'], { cwd: ws, env: { GITHUB_WORKSPACE: ws } });
    expect(r.code).toBe(1);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toContainEqual(expect.stringMatching(/^::error file=policy\/prod\/profiles\.yaml,line=3,col=11,title=PC304::unknown security profile/));
    expect(lines.every((l) => /^::(error|warning) file=policy\/prod\/|^::notice title=permctl::/.test(l))).toBe(true);
  });

  it('without GITHUB_WORKSPACE, relative to the git top level', async () => {
    const r = await runCli(['validate', 'examples/broken', '--format', 'github']);
    expect(r.stdout.split('\n')).toContainEqual(expect.stringMatching(/^::error file=examples\/broken\/profiles\.yaml,line=3,/));
  });

  // Messages reach the renderer inert (render/messages.ts: line breaks and other control
  // characters in user text become one space), then escaped as workflow-command data (% here;
  // CR and LF, should any survive, as %0D/%0A): the forged command stays inside one annotation.
  const escapes = [
    { message: 'a\nb', data: 'a b' },
    { message: '100% sure\r\n::error::forged', data: '100%25 sure ::error::forged' },
  ];
  it.each(escapes)('escapes message $data', ({ message, data }) => {
    expect(renderDiagnosticsGithub([d('error', message)])).toBe(`::error file=users.yaml,line=3,col=5,title=PC901::${data}`);
  });

  it('escapes properties (file names with : , % and line breaks)', () => {
    expect(renderDiagnosticsGithub([d('warning', 'x', 'a:b,c%d\n.yaml')], { prefix: 'p' })).toBe('::warning file=p/a%3Ab%2Cc%25d%0A.yaml,line=3,col=5,title=PC901::x');
  });

  it('at most 10 errors and 10 warnings, then one notice with the rest counted', () => {
    const many = [...Array.from({ length: 13 }, (_, i) => d('error', `e${i}`)), ...Array.from({ length: 11 }, (_, i) => d('warning', `w${i}`)), d('info', 'note')];
    const lines = renderDiagnosticsGithub(many).split('\n');
    expect(lines).toHaveLength(21);
    expect(lines.filter((l) => l.startsWith('::error'))).toHaveLength(10);
    expect(lines.filter((l) => l.startsWith('::warning'))).toHaveLength(10);
    expect(lines[20]).toBe('::notice title=permctl::3 more errors and 1 more warning not annotated (GitHub shows 10 of each per step); run permctl validate for all of them');
  });
});

describe('job summary', () => {
  it('appends, and refuses (a warning, nothing written) what would pass 1 MiB for the step', async () => {
    const { appendStepSummary, STEP_SUMMARY_LIMIT } = await import('../src/github/summary.ts');
    const { readFileSync, writeFileSync, statSync } = await import('node:fs');
    const file = join(tempDir('permctl-summary-'), 'summary.md');
    expect(appendStepSummary(file, '# one')).toBeNull();
    expect(readFileSync(file, 'utf8')).toBe('# one\n');
    writeFileSync(file, 'x'.repeat(STEP_SUMMARY_LIMIT - 10));
    expect(appendStepSummary(file, 'é'.repeat(10))).toEqual({ code: 'PC702', severity: 'warning', args: { bytes: STEP_SUMMARY_LIMIT + 11 } });
    expect(statSync(file).size).toBe(STEP_SUMMARY_LIMIT - 10);
  });
});
