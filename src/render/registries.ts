// The renderer registry of each kind of result (see registry.ts). Plans have theirs in
// render/plan/index.ts and the access report in render/report/index.ts.
import type { Catalog } from '../catalog/catalog.ts';
import type { Diagnostic } from '../diagnostics/types.ts';
import type { Explanation } from '../query/explain.ts';
import type { WhoCan } from '../query/who-can.ts';
import type { HistoryRecord } from '../targets/contract.ts';
import { renderCatalogJson, renderCatalogText } from './catalog.ts';
import { renderDiagnosticsGithub } from './diagnostics/github.ts';
import { renderDiagnosticsJson } from './diagnostics/json.ts';
import { renderDiagnosticsText, summary } from './diagnostics/text.ts';
import { renderExplainJson, renderWhoCanJson } from './explain-json.ts';
import { renderExplainText, renderWhoCanText } from './explain.ts';
import { renderHistoryJson, renderHistoryText } from './history.ts';
import type { Registry } from './registry.ts';

/** What `permctl validate` reports. */
export interface Validation {
  readonly diagnostics: readonly Diagnostic[];
  readonly failed: boolean;
  readonly files: number;
  readonly profiles: number;
  readonly users: number;
  /** The repository's folder inside the GitHub workspace, for annotations ('' at its root). */
  readonly workspacePrefix?: string;
}

const count = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

export const VALIDATE_RENDERERS = {
  text: {
    description: 'file:line:col: severity CODE: message, then a summary',
    render: (v, o) => {
      const counts = `${count(v.files, 'file')}, ${count(v.profiles, 'profile')}, ${count(v.users, 'user')}`;
      const last = v.failed ? o.paint('red', `✗ invalid (${summary(v.diagnostics)}) — ${counts}`) : o.paint('green', `✓ valid — ${counts}${v.diagnostics.length > 0 ? ` (${summary(v.diagnostics)})` : ''}`);
      return v.diagnostics.length > 0 ? `${renderDiagnosticsText(v.diagnostics, { paint: o.paint, max: o.maxErrors ?? 50 })}\n${last}` : last;
    },
  },
  json: { description: 'the findings as JSON, for scripts', render: (v) => renderDiagnosticsJson(v.diagnostics, !v.failed) },
  github: { description: 'GitHub Actions workflow commands: annotations on the changed lines', render: (v) => (v.diagnostics.length > 0 ? renderDiagnosticsGithub(v.diagnostics, { prefix: v.workspacePrefix ?? '' }) : '') },
} as const satisfies Registry<Validation>;

export const EXPLAIN_RENDERERS = {
  text: { description: 'each permission with its chain of reasons', render: (e, o) => renderExplainText(e, o.paint) },
  json: { description: 'the same as JSON', render: (e) => renderExplainJson(e) },
} as const satisfies Registry<Explanation>;

export const WHO_CAN_RENDERERS = {
  text: { description: 'the holders, each with the profile and rule', render: (w, o) => renderWhoCanText(w, o.paint) },
  json: { description: 'the same as JSON', render: (w) => renderWhoCanJson(w) },
} as const satisfies Registry<WhoCan>;

export const CATALOG_RENDERERS = {
  text: { description: 'API names by group, with risk', render: (c, o) => renderCatalogText(c, o.paint) },
  json: { description: 'the whole catalog as JSON', render: (c) => renderCatalogJson(c) },
} as const satisfies Registry<Catalog>;

/** What `permctl history` shows: the records, and the --user filter they answer. */
export interface History {
  readonly records: readonly HistoryRecord[];
  readonly user?: string;
}

export const HISTORY_RENDERERS = {
  text: { description: 'one block per apply', render: (h) => renderHistoryText(h.records, h.user) },
  json: { description: 'the records as JSON', render: (h) => renderHistoryJson(h.records) },
} as const satisfies Registry<History>;

export type ValidateFormat = keyof typeof VALIDATE_RENDERERS;
export type ExplainFormat = keyof typeof EXPLAIN_RENDERERS;
export type WhoCanFormat = keyof typeof WHO_CAN_RENDERERS;
export type CatalogFormat = keyof typeof CATALOG_RENDERERS;
export type HistoryFormat = keyof typeof HISTORY_RENDERERS;
