// GitHub Actions workflow commands: each finding becomes an annotation on the changed line of
// the pull request. Values are escaped as the runner requires, so a name from the YAML cannot
// end the command early or start a new one.
import type { Diagnostic } from '../../diagnostics/types.ts';
import { describe } from '../messages.ts';

const escapeData = (s: string): string => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (s: string): string => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

export function renderDiagnosticsGithub(diagnostics: readonly Diagnostic[]): string {
  return diagnostics
    .map((d) => {
      const { message, hint } = describe(d);
      const level = d.severity === 'error' ? 'error' : d.severity === 'warning' ? 'warning' : 'notice';
      const props = [
        ...(d.file !== undefined ? [`file=${escapeProperty(d.file)}`] : []),
        ...(d.line !== undefined ? [`line=${d.line}`] : []),
        ...(d.col !== undefined ? [`col=${d.col}`] : []),
        `title=${escapeProperty(d.code)}`,
      ];
      return `::${level} ${props.join(',')}::${escapeData(message + (hint === undefined ? '' : `; ${hint}`))}`;
    })
    .join('\n');
}
