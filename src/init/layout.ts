// The layout every repository permctl writes shares (`init` and `import`): one file per kind,
// the JSON Schemas copied into schemas/ at the root, and a first line in every YAML file that
// points editors at its schema by a path relative to the file. Copying the schemas (rather
// than pointing into node_modules or at a URL) makes the modelines resolve in a fresh clone,
// offline, whichever way permctl was installed; the schemas match the permctl that wrote them.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { posix } from 'node:path';
import { KIND_SCHEMA as KINDS_SCHEMA } from '../validate/kinds.ts';

export const SCHEMA_DIR = 'schemas';
export const PACKAGE_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** `# yaml-language-server: $schema=…` for a repository-relative FILE (POSIX separators). */
export function modeline(file: string, schema: string): string {
  const rel = posix.relative(posix.dirname(file), SCHEMA_DIR) || '.';
  return `# yaml-language-server: $schema=${rel}/${schema}\n`;
}

/** The schema of a file holding documents of one kind (policy.schema.json for mixed files):
 *  the table validation uses. */
export const KIND_SCHEMA: Readonly<Record<string, string>> = KINDS_SCHEMA;

/** Every file of DIR below the package root, keyed by its path relative to DIR. */
export function readPackageTree(dir: string): Map<string, string> {
  const base = posix.join(PACKAGE_ROOT.replaceAll('\\', '/'), dir);
  const files = new Map<string, string>();
  const walk = (rel: string): void => {
    for (const e of readdirSync(rel === '' ? base : `${base}/${rel}`, { withFileTypes: true })) {
      const path = rel === '' ? e.name : `${rel}/${e.name}`;
      if (e.isDirectory()) walk(path);
      else if (e.isFile()) files.set(path, readFileSync(`${base}/${path}`, 'utf8'));
    }
  };
  walk('');
  return files;
}

/** The package's schemas, keyed by their path in a written repository (schemas/NAME). */
export function packageSchemas(): Map<string, string> {
  return new Map([...readPackageTree(SCHEMA_DIR)].map(([name, text]) => [`${SCHEMA_DIR}/${name}`, text]));
}

export function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(`${PACKAGE_ROOT}/package.json`, 'utf8')) as { version?: unknown };
  return typeof pkg.version === 'string' ? pkg.version : '0.0.0';
}

/** Files of a package template whose names npm would drop or rename (.gitignore, .github)
 *  are stored without the dot and renamed when written. */
export function dotted(path: string): string {
  return path === 'gitignore' || path.startsWith('github/') ? `.${path}` : path;
}
