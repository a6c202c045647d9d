// `plan --out FILE` when planning fails: still write a plan file recording the failure (see
// plan/failed.ts). The instance name comes from permctl.yaml when it can be read at all.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Diagnostic } from '../diagnostics/types.ts';
import { parseYamlFile } from '../load/parse-yaml.ts';
import { failedPlan } from '../plan/failed.ts';
import { toFindings } from '../render/findings.ts';
import { renderPlanJson } from '../render/plan/json.ts';
import { redactUrl } from '../targets/registry.ts';
import { writeOutput } from './fs-errors.ts';
import type { Io } from './io.ts';
import { reportDiagnostics } from './report.ts';

function configInstance(root: string): string {
  const path = join(root, 'permctl.yaml');
  try {
    if (!existsSync(path)) return '(unknown)';
    const value = parseYamlFile('permctl.yaml', readFileSync(path, 'utf8')).documents[0]?.value as { instance?: unknown } | undefined;
    return typeof value?.instance === 'string' ? value.instance : '(unknown)';
  } catch {
    return '(unknown)'; // validation has already said what is wrong with the file
  }
}

export function writeFailedPlan(out: string, req: { root: string; targetUrl: string | undefined; gitCommit: string | null; diagnostics: readonly Diagnostic[] }, io: Io): void {
  const plan = failedPlan({
    instance: configInstance(req.root),
    target: req.targetUrl === undefined ? '' : redactUrl(req.targetUrl),
    now: new Date(),
    gitCommit: req.gitCommit,
    findings: toFindings(req.diagnostics.filter((d) => d.severity !== 'info')),
  });
  const written = writeOutput(out, renderPlanJson(plan), io);
  if (!written.ok) reportDiagnostics([written.diagnostic], io);
}
