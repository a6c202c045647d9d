// Fills in line and column for diagnostics that carry a document path. Done once, at the end,
// so rules never deal with positions and a fast parser only has to locate the few nodes that
// have findings.
import type { Diagnostic, Related } from '../diagnostics/types.ts';
import type { ParsedFile } from '../load/parse-yaml.ts';

export function resolvePositions(diagnostics: readonly Diagnostic[], files: readonly ParsedFile[]): Diagnostic[] {
  const byFile = new Map(files.map((f) => [f.file, f]));
  const place = <T extends Related>(d: T, atKey: boolean): T => {
    if (d.line !== undefined || d.doc === undefined) return d;
    const pos = byFile.get(d.file)?.locate(d.doc, d.path ?? [], atKey);
    return pos ? { ...d, line: pos.line, col: pos.col } : d;
  };
  return diagnostics.map((d) => {
    const withPos = d.file === undefined ? d : place(d as Diagnostic & Related, d.atKey ?? false);
    return d.related ? { ...withPos, related: place(d.related, false) } : withPos;
  });
}
