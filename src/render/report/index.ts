// The access report's output formats: one renderer each. The CLI's --format choices are the
// keys of this registry.
import type { AccessReport } from '../../report/build.ts';
import { renderReportCsv } from './csv.ts';
import { renderReportHtml } from './html.ts';
import type { Registry } from '../registry.ts';

export const REPORT_RENDERERS = {
  html: { description: 'one self-contained HTML page', render: renderReportHtml },
  csv: { description: 'the users × permissions matrix', render: renderReportCsv },
} as const satisfies Registry<AccessReport>;

export type ReportFormat = keyof typeof REPORT_RENDERERS;
