// Diagnostics are data: a stable code, a severity, where, and typed arguments.
// The words a user reads are made from these in src/render/messages.ts, nowhere else.
import type { Code } from './codes.ts';

export type Severity = 'error' | 'warning' | 'info';

/** A path inside one YAML document: map keys and sequence indexes. */
export type DocPath = readonly (string | number)[];

export type ArgValue = string | number | boolean | readonly string[];

export interface Diagnostic {
  readonly code: Code;
  readonly severity: Severity;
  /** Repository-relative file, POSIX separators. Absent for repository-wide findings. */
  readonly file?: string;
  /** Which YAML document of the file (0-based) and where in it; resolved to line/col later. */
  readonly doc?: number;
  readonly path?: DocPath;
  /** Point at the key of `path` rather than its value (unknown or duplicate keys). */
  readonly atKey?: boolean;
  readonly line?: number;
  readonly col?: number;
  /** A second place the finding concerns, e.g. where a duplicated name was first defined. */
  readonly related?: Related;
  readonly args: Readonly<Record<string, ArgValue>>;
}

export interface Related {
  readonly file: string;
  readonly doc?: number;
  readonly path?: DocPath;
  readonly line?: number;
  readonly col?: number;
}

/** Where a value came from; every element of the policy model carries one. */
export interface Origin {
  readonly file: string;
  readonly doc: number;
  readonly path: DocPath;
}

export const SEVERITY_RANK: Readonly<Record<Severity, number>> = { error: 0, warning: 1, info: 2 };

export function hasErrors(diagnostics: readonly Diagnostic[], strict = false): boolean {
  return diagnostics.some((d) => d.severity === 'error' || (strict && d.severity === 'warning'));
}

/** Stable order for output: by file, position, then code. */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort(
    (a, b) =>
      (a.file ?? '').localeCompare(b.file ?? '') ||
      (a.line ?? 0) - (b.line ?? 0) ||
      (a.col ?? 0) - (b.col ?? 0) ||
      a.code.localeCompare(b.code),
  );
}
