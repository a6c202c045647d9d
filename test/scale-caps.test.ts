// The parse caps (src/load/limits.ts) let a legitimate 200,000-user repository through
// (issue 15 item 3). Validating 200,000 users takes longer than a test should on a shared CI
// machine (`npm run bench` does it), so this checks the caps' arithmetic on the real generated
// repository — every file within each cap, and a file of the same layout at the size cap still
// within the value cap, so the size cap is the one that binds — and loads one real large file,
// every user of a 20,000-user repository in a single file, through the whole pipeline, plus a
// file of exactly the size cap (accepted) and one byte more (refused).
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateRepo, sizeFor } from '../bench/generate.ts';
import { valueEstimate, valueLimitOffset } from '../src/load/bounds.ts';
import { LIMITS } from '../src/load/limits.ts';
import { runValidate } from '../src/pipeline.ts';
import { tempDir } from './helpers.ts';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.yaml'))
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

const errors = (dir: string) => runValidate(dir).diagnostics.filter((d) => d.severity === 'error');

describe('the parse caps and a 200,000-user repository', () => {
  it('every file of a generated 200,000-user repository is within the caps; a 16 MiB users file of its layout is within the value cap, and every other kind fits whole in one file', { timeout: 120_000 }, () => {
    const dir = tempDir('permctl-caps-200k-');
    dirs.push(dir);
    generateRepo(dir, sizeFor(200_000));
    const all = files(dir);
    expect(all.length).toBeLessThanOrEqual(LIMITS.maxFiles);
    let users = 0;
    let densestUsers = 0;
    /** Per kind other than users (its top folder or file): bytes and estimated values. */
    const kinds = new Map<string, { bytes: number; values: number }>();
    for (const f of all) {
      const text = readFileSync(f, 'utf8');
      const bytes = Buffer.byteLength(text);
      const name = relative(dir, f);
      expect(bytes, name).toBeLessThanOrEqual(LIMITS.maxFileBytes);
      expect(valueLimitOffset(text, LIMITS.maxValues), name).toBe(-1);
      // The whole-text estimate and the limit check agree: the limit passes at estimate - 1.
      const e = valueEstimate(text);
      expect([valueLimitOffset(text, e), valueLimitOffset(text, e - 1) >= 0]).toEqual([-1, true]);
      const kind = name.split('/')[0] ?? name;
      if (kind === 'users') {
        users += text.match(/^ {2}- login: /gm)?.length ?? 0;
        // The estimate per byte: a users file of this layout grown to the size cap stays under
        // maxValues, so for users the size cap binds (~85,000 users a file).
        if (bytes > 4096) densestUsers = Math.max(densestUsers, valueEstimate(text) / bytes);
      } else {
        const k = kinds.get(kind) ?? { bytes: 0, values: 0 };
        kinds.set(kind, { bytes: k.bytes + bytes, values: k.values + valueEstimate(text) });
      }
    }
    expect(users).toBe(200_000);
    expect(densestUsers * LIMITS.maxFileBytes).toBeLessThan(LIMITS.maxValues);
    // Profiles, routing profiles, lines: all of them in a single file would pass both caps.
    // (Their layouts are denser than users': a 16 MiB file of routing profiles would meet the
    // value cap first, at ~9.5 MiB — some 40 times what 200,000 users need.)
    expect([...kinds.keys()].sort()).toEqual(['lines.yaml', 'permctl.yaml', 'profiles', 'routing']);
    for (const [kind, k] of kinds) {
      expect(k.bytes, kind).toBeLessThan(LIMITS.maxFileBytes);
      expect(k.values, kind).toBeLessThan(LIMITS.maxValues);
    }
  });

  it('every user of a 20,000-user repository in one file loads, validates and compiles', { timeout: 120_000 }, () => {
    const dir = tempDir('permctl-caps-onefile-');
    dirs.push(dir);
    generateRepo(dir, sizeFor(20_000));
    const userFiles = files(join(dir, 'users'));
    const docs = userFiles.map((f) => readFileSync(f, 'utf8'));
    for (const f of userFiles) rmSync(f);
    const one = join(dir, 'users', 'all.yaml');
    writeFileSync(one, docs.join('---\n'));
    expect(statSync(one).size).toBeGreaterThan(3_000_000);
    const r = runValidate(dir);
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(r.compiled.policy.users.length).toBe(20_000);
  });

  it('a file of exactly the size cap is read; one byte more is refused (PC105)', { timeout: 120_000 }, () => {
    const dir = tempDir('permctl-caps-edge-');
    dirs.push(dir);
    generateRepo(dir, sizeFor(3));
    const f = join(dir, 'queues.yaml');
    const head = 'kind: Queues\nqueues:\n  - name: Edge\n';
    // A comment fills the file to the byte: nothing for the value estimate, everything for the cap.
    const fill = (bytes: number): void => writeFileSync(f, `${head}#${'x'.repeat(bytes - head.length - 2)}\n`);
    fill(LIMITS.maxFileBytes);
    expect(statSync(f).size).toBe(LIMITS.maxFileBytes);
    expect(errors(dir)).toEqual([]);
    fill(LIMITS.maxFileBytes + 1);
    expect(errors(dir).map((d) => d.code)).toEqual(['PC105']);
  });
});
