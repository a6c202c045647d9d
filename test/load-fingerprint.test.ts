// Which sources a plan was made from (LoadedRepository.fingerprint, in every plan's
// policyFingerprint): sha256 over each file's path, its length in characters and its text as
// UTF-8, in path order. The loader hashes the file's bytes (without a byte-order mark) rather
// than encoding the text again; the digest must be the text's, whatever the file holds.
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRepository } from '../src/load/index.ts';
import { nodeVfs } from '../src/load/vfs.ts';
import { tempDir } from './helpers.ts';

/** The definition, from the texts. */
function expected(files: readonly (readonly [string, string])[]): string {
  const hash = createHash('sha256');
  for (const [file, text] of [...files].sort(([a], [b]) => (a < b ? -1 : 1))) hash.update(`${file}\u0000${text.length}\u0000`).update(text, 'utf8');
  return `sha256:${hash.digest('hex')}`;
}

const CASES: readonly { name: string; files: readonly (readonly [string, string, boolean?])[] }[] = [
  { name: 'ASCII only', files: [['permctl.yaml', 'instance: x\n'], ['users/a.yaml', 'kind: Users\nusers:\n  - login: a@example.com\n']] },
  { name: 'Latin-1 and beyond (a two-byte text)', files: [['permctl.yaml', 'instance: x\n'], ['users/a.yaml', 'kind: Users\nusers:\n  - login: a@example.com\n    name: "Zoë Nguyễn"\n']] },
  { name: 'characters outside the Basic Multilingual Plane', files: [['permctl.yaml', 'instance: x\n'], ['users/a.yaml', 'kind: Users\nusers:\n  - login: a@example.com\n    name: "🎧 Support"\n']] },
  { name: 'a byte-order mark (dropped, as the text drops it)', files: [['permctl.yaml', 'instance: x\n', true], ['users/a.yaml', 'kind: Users\nusers:\n  - login: a@example.com\n', true]] },
];

describe("the repository's fingerprint", () => {
  it.each(CASES)('$name: the digest of the texts', ({ files }) => {
    const root = tempDir('permctl-fp-');
    for (const [file, text, bom] of files) {
      mkdirSync(join(root, file, '..'), { recursive: true });
      writeFileSync(join(root, file), bom === true ? `\ufeff${text}` : text);
    }
    const loaded = loadRepository(nodeVfs, root);
    expect(loaded.files.map((f) => f.file).sort()).toEqual(files.map(([f]) => f).sort());
    expect(loaded.fingerprint).toBe(expected(files.map(([f, t]) => [f, t] as const)));
  });
});
