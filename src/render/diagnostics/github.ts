// GitHub Actions workflow commands: each finding becomes an annotation on the changed line of
// the pull request. Values are escaped as the runner requires (actions/toolkit's
// command.ts: data escapes % CR LF; properties also : and ,), so a name from the YAML cannot
// end the command early or start a new one. GitHub shows at most 10 error and 10 warning
// annotations per step, so the rest are counted in one notice instead of silently lost.
import type { Diagnostic } from '../../diagnostics/types.ts';
import { describe } from '../messages.ts';

const escapeData = (s: string): string => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (s: string): string => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

/** Annotations per level and step that GitHub shows. */
export const ANNOTATIONS_PER_LEVEL = 10;

export interface GithubOptions {
  /** The policy repository's path from the workspace root (POSIX, '' at the root), so file=
   *  names the file as the pull request's diff does. */
  readonly prefix?: string;
  readonly max?: number;
}

function command(d: Diagnostic, prefix: string): string {
  const { message, hint } = describe(d);
  const level = d.severity === 'error' ? 'error' : d.severity === 'warning' ? 'warning' : 'notice';
  const props = [
    ...(d.file !== undefined ? [`file=${escapeProperty(prefix === '' ? d.file : `${prefix}/${d.file}`)}`] : []),
    ...(d.line !== undefined ? [`line=${d.line}`] : []),
    ...(d.col !== undefined ? [`col=${d.col}`] : []),
    `title=${escapeProperty(d.code)}`,
  ];
  return `::${level} ${props.join(',')}::${escapeData(message + (hint === undefined ? '' : `; ${hint}`))}`;
}

export function renderDiagnosticsGithub(diagnostics: readonly Diagnostic[], opts: GithubOptions = {}): string {
  const prefix = opts.prefix ?? '';
  const max = opts.max ?? ANNOTATIONS_PER_LEVEL;
  const errors = diagnostics.filter((d) => d.severity === 'error');
  const warnings = diagnostics.filter((d) => d.severity === 'warning');
  const lines = [...errors.slice(0, max), ...warnings.slice(0, max)].map((d) => command(d, prefix));
  const moreErrors = Math.max(0, errors.length - max);
  const moreWarnings = Math.max(0, warnings.length - max);
  if (moreErrors + moreWarnings > 0) {
    lines.push(`::notice title=permctl::${escapeData(`${moreErrors} more error${moreErrors === 1 ? '' : 's'} and ${moreWarnings} more warning${moreWarnings === 1 ? '' : 's'} not annotated (GitHub shows ${max} of each per step); run permctl validate for all of them`)}`);
  }
  return lines.join('\n');
}
