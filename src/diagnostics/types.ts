// Diagnostics are data: a stable code, a severity, where, and typed arguments.
// The words a user reads are made from these in src/render/messages.ts, nowhere else.
import type { DiagnosticArgs } from './args.ts';
import type { Code } from './codes.ts';

export type Severity = 'error' | 'warning' | 'info';

/** A path inside one YAML document: map keys and sequence indexes. */
export type DocPath = readonly (string | number)[];

export type ArgValue = string | number | boolean | readonly string[];

interface DiagnosticBase {
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
}

/** A diagnostic of one code, with that code's arguments (src/diagnostics/args.ts). */
export type DiagnosticOf<C extends Code> = DiagnosticBase & { readonly code: C; readonly args: DiagnosticArgs[C] };

/** Any diagnostic: a union discriminated by code, so its args are checked where it is made
 *  and narrowed where it is worded. */
export type Diagnostic = { [C in Code]: DiagnosticOf<C> }[Code];

/** A diagnostic before its severity is set. */
export type DiagnosticInput = { [C in Code]: Omit<DiagnosticOf<C>, 'severity'> }[Code];

/** The same diagnostic at another place (a spread of the union would lose its code's args). */
export function placed<D extends Diagnostic>(d: D, where: Partial<Pick<DiagnosticBase, 'file' | 'doc' | 'path' | 'line' | 'col'>>): D {
  return { ...d, ...where };
}

/** Where a diagnostic is, without what it says: what helpers that choose the code share. */
export type DiagnosticPlace = Omit<DiagnosticBase, 'severity'> & { readonly severity: Severity };

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
