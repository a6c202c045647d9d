// The access report as one static, self-contained HTML file: inline CSS and script, the data
// as JSON in a non-executed <script> element, no external asset and no network (a Content
// Security Policy forbids any fetch; script and style are allowed by their hashes). Every name
// from the policy reaches the page as JSON text and is put into the DOM with textContent, so
// it stays inert; the few server-rendered strings are HTML-escaped.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe as describeDiagnostic } from '../messages.ts';
import { chainText } from '../explain.ts';
import type { AccessReport } from '../../report/build.ts';

const RISK_CODE = { low: 0, medium: 1, high: 2 } as const;
const FLAGS = (r: NonNullable<AccessReport['users'][number]['recordings']>): number =>
  (r.viewCallRecordings ? 1 : 0) | (r.viewOutboundCallRecordings ? 2 : 0) | (r.viewScreenRecordings ? 4 : 0) | (r.deleteCallRecordings ? 8 : 0);

let assets: { css: string; js: string } | undefined;
function pageAssets(): { css: string; js: string } {
  assets ??= {
    css: readFileSync(new URL('./assets/report.css', import.meta.url), 'utf8'),
    js: readFileSync(new URL('./assets/report.js', import.meta.url), 'utf8'),
  };
  return assets;
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** JSON that cannot end its <script> element or open a comment: <, >, & and the JavaScript
 *  line separators are written as \u escapes. */
export function inertJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

const hash = (text: string): string => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

/** The page's data: compact tuples (50,000 users must stay a few megabytes). */
export function reportPayload(r: AccessReport): unknown {
  const lineIndex = new Map(r.lines.map((l, i) => [l.id, i]));
  const profileIndex = new Map(r.profiles.map((p, i) => [p.name, i]));
  return {
    meta: { since: r.meta.target?.since ?? 0 },
    perms: r.permissions.map((p) => [p.name, RISK_CODE[p.risk]]),
    profiles: r.profiles.map((p) => [p.name, p.description, p.builtin]),
    combos: r.combos.map((c) => [c.profiles.filter((p) => profileIndex.has(p)), c.permissions]),
    users: r.users.map((u) => {
      const rec = u.recordings;
      return [u.login, u.name, u.hierarchy, u.routingProfile, u.combo, rec ? [rec.role, FLAGS(rec), rec.scope, rec.lines.flatMap((l) => lineIndex.get(l) ?? [])] : 0];
    }),
    lines: r.lines.map((l) => [l.id, l.number, l.description, l.users]),
    risky: r.risky.map((h) => [h.permission, RISK_CODE[h.risk], h.via.map((v) => [v.profile, chainText(v.chain), v.users])]),
    allLines: r.allLines,
    agentAccess: r.agentRecordingAccess,
    findings: r.findings.map((d) => {
      const m = describeDiagnostic(d);
      return [d.severity, d.code, d.file === undefined ? '' : `${d.file}${d.line !== undefined ? `:${d.line}` : ''}`, m.hint === undefined ? m.message : `${m.message}; ${m.hint}`];
    }),
    changes: r.changes?.map((h) => {
      const s = h.summary;
      return [h.id, h.appliedAt, h.actor, h.gitCommit ?? '', `${s.create} created, ${s.update} updated, ${s.delete} deleted; ${s.usersGaining} users gained and ${s.usersLosing} lost access`, h.changes.map((c) => [c.action, c.kind, c.name])];
    }) ?? null,
  };
}

function metaList(r: AccessReport): string {
  const m = r.meta;
  const items: [string, string][] = [
    ['Generated', m.generatedAt],
    ['Commit', m.gitCommit ?? 'not a git checkout'],
    ['Policy fingerprint', m.policyFingerprint],
    ...(m.target ? ([['Target', m.target.url], ['Target fingerprint', m.target.fingerprint]] as [string, string][]) : []),
    ['permctl', m.permctlVersion],
  ];
  return items.map(([k, v]) => `<div><dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd></div>`).join('');
}

export function renderReportHtml(r: AccessReport): string {
  const { css, js } = pageAssets();
  const csp = `default-src 'none'; style-src ${hash(css)}; script-src ${hash(js)}; img-src data:; base-uri 'none'; form-action 'none'`;
  const title = `Access review — ${r.meta.instance}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="permctl ${escapeHtml(r.meta.permctlVersion)}">
<title>${escapeHtml(title)}</title>
<style>${css}</style>
</head>
<body>
<header>
<h1>${escapeHtml(title)}</h1>
<dl>${metaList(r)}</dl>
</header>
<nav>
<button type="button" data-tab="summary" aria-selected="true">Risky access</button>
<button type="button" data-tab="users">Users × permissions</button>
<button type="button" data-tab="lines">Recording lines</button>
<button type="button" data-tab="changes">Changes</button>
<button type="button" data-tab="findings">Findings</button>
</nav>
<main>
<noscript><p>This report needs JavaScript to show its tables; the same data is available as CSV: permctl report --format csv.</p></noscript>
<section id="summary"></section>
<section id="users" hidden></section>
<section id="lines" hidden></section>
<section id="changes" hidden></section>
<section id="findings" hidden></section>
</main>
<script type="application/json" id="report-data">${inertJson(reportPayload(r))}</script>
<script>${js}</script>
</body>
</html>
`;
}
