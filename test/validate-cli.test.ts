// `permctl validate` on the examples: exit codes, and golden output in every format.
import { describe, expect, it } from 'vitest';
import { expectGolden } from './golden.ts';
import { runCli } from './helpers.ts';

describe('permctl validate', () => {
  it('accepts the acme example', async () => {
    const r = await runCli(['validate', 'examples/acme']);
    expect(r.stdout).toMatch(/^✓ valid — 8 files, 3 profiles, 4 users/m);
    expect(r.code).toBe(0);
  });

  it.each(['text', 'json', 'github'])('reports the broken example as %s', async (format) => {
    const r = await runCli(['validate', 'examples/broken', '--format', format]);
    expect(r.code).toBe(1);
    expectGolden(`validate-broken.${format === 'json' ? 'json' : `${format}.txt`}`, r.stdout);
  });

  it('caps text output with an "and N more" line', async () => {
    const r = await runCli(['validate', 'examples/broken', '--max-errors', '2']);
    expect(r.stdout.split('\n').slice(0, 3)[2]).toMatch(/^\.\.\. and \d+ more$/);
  });

  it('fails on warnings with --strict', async () => {
    const r = await runCli(['validate', 'test/fixtures/validate/PC406-gated-without-view']);
    expect(r.code).toBe(0);
    expect((await runCli(['validate', 'test/fixtures/validate/PC406-gated-without-view', '--strict'])).code).toBe(1);
  });

  it('rejects an unknown format with exit 1 and usage help', async () => {
    const r = await runCli(['validate', '--format', 'xml']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/Allowed choices are text, json, github/);
  });
});
