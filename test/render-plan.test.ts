// Plan renderers: golden text and Markdown for hand-built plans, the PR comment's length cap and
// escaping of hostile names, and the plan file's JSON round trip.
import { describe, expect, it } from 'vitest';
import type { AccessChange, Change, Finding, Plan, Unmanaged } from '../src/plan/types.ts';
import { summarise } from '../src/plan/plan.ts';
import { escapeMarkdown, PLAN_COMMENT_MARKER, PLAN_RENDERERS, plainText, renderPlanJson, renderPlanMarkdown, renderPlanText } from '../src/render/plan/index.ts';
import type { Paint } from '../src/render/style.ts';
import { plain } from '../src/render/style.ts';
import { expectGolden } from './golden.ts';

interface PlanParts {
  readonly instance?: string;
  readonly changes?: readonly Change[];
  readonly access?: readonly AccessChange[];
  readonly findings?: readonly Finding[];
  readonly unmanaged?: readonly Unmanaged[];
  readonly revokeRatio?: number;
}

function makePlan(p: PlanParts): Plan {
  const changes = p.changes ?? [];
  const access = p.access ?? [];
  const unmanaged = p.unmanaged ?? [];
  return {
    format_version: '1.0',
    instance: p.instance ?? 'acme-prod',
    target: 'sqlite:.permctl/acme-prod.db',
    createdAt: '2025-01-02T03:04:05.000Z',
    gitCommit: '0123456789abcdef0123456789abcdef01234567',
    targetFingerprint: 'sha256:aaaa',
    policyFingerprint: 'sha256:bbbb',
    changes,
    access,
    findings: p.findings ?? [],
    unmanaged,
    summary: summarise(changes, access, unmanaged, { ratio: p.revokeRatio ?? 0, measure: 'grants', revoked: 0, total: 0 }),
  };
}

const access = (login: string, a: Partial<Omit<AccessChange, 'login'>>): AccessChange => ({ login, gained: [], lost: [], linesGained: [], linesLost: [], riskyGained: [], ...a });
const create = (kind: Change['kind'], name: string, after: Change['after'], add?: string[]): Change => ({ kind, name, action: 'create', before: null, after, ...(add ? { add, remove: [] } : {}) });
const recordings = { role: 'normal', viewCallRecordings: false, viewOutboundCallRecordings: false, viewScreenRecordings: false, deleteCallRecordings: false, lines: [] } as const;
const ADMIN = ['SecurityProfiles.Edit', 'SecurityProfiles.View', 'Users.Edit', 'Users.EditPermission', 'Users.View'];
const SUPERVISOR = ['BasicAgentAccess', 'ManagerListenIn', 'RedactedData.View', 'RoutingPolicies.Edit', 'RoutingPolicies.View'];

// Everything created in an empty store. Users come first in the list: the renderers group by apply order.
const createPlan = makePlan({
  changes: [
    create('user', 'ana@example.com', { login: 'ana@example.com', name: 'Ana Ruiz', securityProfiles: ['Agent', 'SupervisorEMEA'], routingProfile: 'Premium', recordings: { ...recordings, role: 'nominee', viewCallRecordings: true, viewOutboundCallRecordings: true, lines: ['support-uk'] } }, ['Agent', 'SupervisorEMEA']),
    create('user', 'dan@example.com', { login: 'dan@example.com', securityProfiles: ['Admin'], routingProfile: 'Premium' }, ['Admin']),
    create('instance', 'acme-prod', { instance: 'acme-prod', screenRecordings: true, conversationAnalyzer: true, agentRecordingAccess: 'none' }),
    create('queue', 'Premium Support 1', { name: 'Premium Support 1' }),
    create('line', 'support-uk', { id: 'support-uk', number: '+442079460000', description: 'UK support line' }),
    create('routingProfile', 'Premium', { name: 'Premium', defaultOutboundQueue: 'Premium Support 1', queues: [{ queue: 'Premium Support 1', priority: 1, delay: 0 }] }),
    create('profile', 'Admin', { name: 'Admin', permissions: ADMIN }, ADMIN),
    create('profile', 'Agent', { name: 'Agent', permissions: ['BasicAgentAccess'] }, ['BasicAgentAccess']),
    create('profile', 'SupervisorEMEA', { name: 'SupervisorEMEA', description: 'Team leads in EMEA', permissions: SUPERVISOR }, SUPERVISOR),
  ],
  access: [
    access('ana@example.com', { gained: SUPERVISOR, linesGained: ['support-uk'] }),
    access('dan@example.com', {
      gained: ADMIN,
      riskyGained: [{ permission: 'SecurityProfiles.Edit', via: ['Admin'] }, { permission: 'Users.Edit', via: ['Admin'] }, { permission: 'Users.EditPermission', via: ['Admin'] }],
    }),
  ],
  findings: [{ severity: 'info', code: 'PC503', message: 'a note that stays out of the rendered plan', file: null, line: null }],
});

const anaBefore = { login: 'ana@example.com', name: 'Ana Ruiz', securityProfiles: ['Agent', 'SupervisorEMEA'], routingProfile: 'Basic', recordings };
const anaAfter = { ...anaBefore, securityProfiles: ['QualityAnalyst', 'SupervisorEMEA'], routingProfile: 'Premium', recordings: { ...recordings, role: 'nominee', viewCallRecordings: true, viewOutboundCallRecordings: true, lines: ['support-uk'] } } as const;
const updatePlan = makePlan({
  changes: [
    { kind: 'queue', name: 'Old', action: 'delete', before: { name: 'Old', description: 'retired queue' }, after: null },
    {
      kind: 'routingProfile', name: 'Premium', action: 'update', fields: ['queues'],
      before: { name: 'Premium', defaultOutboundQueue: 'Premium Support 1', queues: [{ queue: 'Premium Support 1', priority: 1, delay: 0 }] },
      after: { name: 'Premium', defaultOutboundQueue: 'Premium Support 1', queues: [{ queue: 'Premium Support 1', priority: 1, delay: 0 }, { queue: 'Premium Support 3', priority: 2, delay: 20 }] },
    },
    {
      kind: 'profile', name: 'SupervisorEMEA', action: 'update', fields: ['permissions'], add: ['ManagerListenIn', 'RedactedData.View'], remove: ['Queues.View'],
      before: { name: 'SupervisorEMEA', permissions: ['BasicAgentAccess', 'Queues.View'] }, after: { name: 'SupervisorEMEA', permissions: ['BasicAgentAccess', 'ManagerListenIn', 'RedactedData.View'] },
    },
    { kind: 'user', name: 'ana@example.com', action: 'update', fields: ['recordings', 'routingProfile', 'securityProfiles'], add: ['QualityAnalyst'], remove: ['Agent'], before: anaBefore, after: anaAfter },
    {
      kind: 'user', name: 'bob@example.com', action: 'update', fields: ['securityProfiles'], add: [], remove: ['SupervisorEMEA'],
      before: { login: 'bob@example.com', securityProfiles: ['Agent', 'SupervisorEMEA'] }, after: { login: 'bob@example.com', securityProfiles: ['Agent'] },
    },
  ],
  access: [
    access('ana@example.com', { gained: ['ManagerListenIn', 'RedactedData.View'], lost: ['Queues.View'], linesGained: ['support-uk'] }),
    access('bob@example.com', { lost: ['BasicAgentAccess', 'Queues.View'] }),
  ],
  findings: [
    { severity: 'warning', code: 'PC502', message: 'profile "SupervisorEMEA" has RedactedData.View and ListenCallRecordings', file: 'profiles/supervisor.yaml', line: 7 },
    { severity: 'error', code: 'PC602', message: 'this plan revokes 31% of all granted access; the limit is 25%', file: null, line: null },
  ],
  unmanaged: [{ kind: 'user', name: 'legacy@example.com' }],
  revokeRatio: 0.3125,
});

const emptyPlan = makePlan({});

const HOSTILE = ['<img src=x onerror=alert(1)>', '@octocat', '[link](http://evil)', '`code`', '**bold**', 'a|b', 'line1\nline2', PLAN_COMMENT_MARKER, '&#64;octocat', '#1 :+1: $x$ a\\|b'];

const hostilePlan = (instance: string, names: readonly string[]): Plan => makePlan({
  instance,
  changes: names.flatMap((n) => [create('profile', n, { name: n, description: n, permissions: [n] }, [n]), create('user', n, { login: n, securityProfiles: [n] }, [n])]),
  access: names.map((n) => access(n, { gained: [n], linesGained: [n], riskyGained: [{ permission: n, via: [n] }] })),
  findings: names.map((n): Finding => ({ severity: 'error', code: n, message: n, file: n, line: 1 })),
  unmanaged: names.map((n): Unmanaged => ({ kind: 'queue', name: n })),
});

describe('plan renderers: golden files', () => {
  const cases = { create: createPlan, update: updatePlan, empty: emptyPlan };
  for (const [name, plan] of Object.entries(cases)) {
    it(`renders the ${name} plan as text and Markdown`, () => {
      expectGolden(`plan-${name}.txt`, renderPlanText(plan, { paint: plain }));
      expectGolden(`plan-${name}.md`, renderPlanMarkdown(plan));
    });
  }

  it('renders hostile names harmlessly, and the plan file', () => {
    expectGolden('plan-hostile.md', renderPlanMarkdown(hostilePlan(HOSTILE[0] ?? '', HOSTILE)));
    expectGolden('plan-update.json', renderPlanJson(updatePlan));
  });
});

describe('renderPlanText', () => {
  it('says "No changes." only when the target matches; unmanaged objects end it differently, with no count line', () => {
    expect(renderPlanText(emptyPlan, { paint: plain })).toBe('permctl plan: acme-prod → sqlite:.permctl/acme-prod.db\n\nNo changes. The target matches the policy.\n');
    const plan = makePlan({ findings: updatePlan.findings, unmanaged: updatePlan.unmanaged });
    const out = renderPlanText(plan, { paint: plain });
    expect(out).not.toContain('The target matches the policy');
    expect(out.endsWith('\nNo changes to apply, but the target does not match the policy: 1 unmanaged object is in the target and not in git (unmanaged: report leaves it as it is).\n')).toBe(true);
    expect(renderPlanMarkdown(plan)).not.toContain('The target matches the policy');
    expect(out.indexOf('error PC602')).toBeLessThan(out.indexOf('? user "legacy@example.com"'));
    expect(out).not.toContain('Plan:');
  });

  it('shows recording access and restrictions among access changes, and risky recording grants first', () => {
    const rec = { ...recordings, viewCallRecordings: true, deleteCallRecordings: true };
    const plan = makePlan({
      changes: [{ kind: 'user', name: 'eve@example.com', action: 'update', fields: ['recordings'], before: { login: 'eve@example.com', securityProfiles: ['Agent'], recordings }, after: { login: 'eve@example.com', securityProfiles: ['Agent'], recordings: rec } }],
      access: [
        access('eve@example.com', { recordingsGained: ['deleteCallRecordings', 'viewCallRecordings'], riskyGained: [{ permission: 'deleteCallRecordings', via: [], through: 'recordings' }] }),
        access('fay@example.com', { restrictionsGained: ['RestrictTaskCreation.Access'], restrictionsLost: ['ContactRecording.Access'] }),
      ],
    });
    const text = renderPlanText(plan, { paint: plain });
    expect(text).toContain('  ! eve@example.com gains deleteCallRecordings via recording settings');
    expect(text).toContain('  eve@example.com  recordings +deleteCallRecordings +viewCallRecordings');
    expect(text).toContain('  fay@example.com  restrictions now restricted by RestrictTaskCreation.Access, no longer restricted by ContactRecording.Access');
    expect(plan.summary).toMatchObject({ usersGaining: 2, usersLosing: 1, riskyGrants: 1 });
    const md = renderPlanMarkdown(plan);
    expect(md).toContain('| eve&#64;&#8203;example\\.com | deleteCallRecordings | recording settings |');
    expect(md).toContain('\\+deleteCallRecordings, \\+viewCallRecordings');
    expect(md).toContain('now restricted by RestrictTaskCreation\\.Access');
  });

  it('leads with risky grants, groups changes in apply order and ends with the count line', () => {
    const out = renderPlanText(createPlan, { paint: plain });
    const risky = out.indexOf('  ! dan@example.com gains Users.EditPermission via Admin');
    expect(risky).toBeGreaterThan(0);
    expect(risky).toBeLessThan(out.indexOf('Changes'));
    const order = ['instance', 'queue', 'line', 'routing profile', 'security profile "Admin"', 'user "ana'].map((k) => out.indexOf(`  + ${k}`));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(out.trimEnd().split('\n').at(-1)).toBe('Plan: 9 to create, 0 to update, 0 to delete.');
    expect(out).not.toContain('PC503');
  });

  it('colours through the painter it is given', () => {
    const tag: Paint = (c, s) => `<${c}>${s}</${c}>`;
    const out = renderPlanText(updatePlan, { paint: tag });
    expect(out).toContain('  <red>-</red> queue "Old"\n');
    expect(out).toContain('  <yellow>~</yellow> user "ana@example.com"\n');
    expect(out).toContain('      <green>+</green> ManagerListenIn\n');
    expect(renderPlanText(createPlan, { paint: tag })).toContain('<red>  ! dan@example.com gains Users.EditPermission via Admin</red>');
  });

  it('lists at most 50 users under access changes', () => {
    const many = makePlan({ changes: createPlan.changes, access: Array.from({ length: 120 }, (_v, i) => access(`u${i}@example.com`, { gained: ['Users.View'] })) });
    const out = renderPlanText(many, { paint: plain });
    expect(out.split('\n').filter((l) => /^ {2}u\d+@example\.com {2}\+Users\.View$/.test(l))).toHaveLength(50);
    expect(out).toContain('\n  … and 70 more users\n');
  });

  it('shows control and invisible characters instead of sending them to the terminal', () => {
    const out = renderPlanText(hostilePlan('acme\u001b[2J', ['eve\u202Eadmin', 'x\ny']), { paint: plain });
    expect(out).toContain('acme[U+001B][2J');
    expect(out).toContain('user "eve[U+202E]admin"');
    expect(out).toContain('user "x y"');
    expect(plainText('a\r\nb\tc\u200Bd')).toBe('a b c[U+200B]d');
  });
});

/** Cells of a table row, split on pipes that are not backslash-escaped. */
function cells(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  for (let i = 0; i < line.length; i++) {
    const c = line[i] ?? '';
    if (c === '\\') cur += c + (line[++i] ?? '');
    else if (c === '|') {
      out.push(cur.trim());
      cur = '';
    } else cur += c;
  }
  return out.slice(1);
}

/** Characters with a Markdown or HTML meaning left unescaped in one cell or heading. */
function unescaped(text: string): string {
  return text
    .replace(/\\./g, '')
    .replace(/&(lt|gt|amp|#64|#8203);/g, '')
    .replace(/<br>/g, '')
    .replace(/[^\\`*_{}[\]()#+\-.!|~$:&<>@\n]/g, '');
}

describe('renderPlanMarkdown', () => {
  it('leads with the marker, the heading and risky access', () => {
    const out = renderPlanMarkdown(createPlan);
    expect(out.startsWith(`${PLAN_COMMENT_MARKER}\n### permctl plan: acme\\-prod\n`)).toBe(true);
    expect(out.indexOf('#### ⚠️ Risky access')).toBeLessThan(out.indexOf('#### Changes'));
    expect(out).toContain('| dan&#64;&#8203;example\\.com | Users\\.EditPermission | Admin |');
  });

  it('escapes escapeMarkdown\'s hostile inputs exactly', () => {
    expect(HOSTILE.map(escapeMarkdown)).toEqual([
      '&lt;img src=x onerror=alert\\(1\\)&gt;',
      '&#64;&#8203;octocat',
      '\\[link\\]\\(http\\://evil\\)',
      '\\`code\\`',
      '\\*\\*bold\\*\\*',
      'a\\|b',
      'line1 line2',
      '&lt;\\!\\-\\- permctl\\-plan \\-\\-&gt;',
      '&amp;\\#&#8203;64;octocat',
      '\\#&#8203;1 \\:\\+1\\: \\$x\\$ a\\\\\\|b',
    ]);
  });

  it.each(HOSTILE)('keeps %j inert in the heading and in every table cell', (name) => {
    const out = renderPlanMarkdown(hostilePlan(name, [name]));
    expect(out.indexOf(PLAN_COMMENT_MARKER)).toBe(0);
    expect(out.split(PLAN_COMMENT_MARKER)).toHaveLength(2);
    expect(out).not.toContain('@');
    expect(out.slice(PLAN_COMMENT_MARKER.length).replace(/<br>/g, '')).not.toMatch(/[<>]/);
    const lines = out.split('\n');
    const heading = lines[1] ?? '';
    expect(heading).toBe(`### permctl plan: ${escapeMarkdown(name)}`);
    expect(unescaped(heading.slice('### permctl plan: '.length))).toBe('');
    const rows = lines.filter((l) => l.startsWith('|'));
    expect(rows.length).toBeGreaterThan(10);
    let width = 0;
    for (const row of rows) {
      if (lines[lines.indexOf(row) - 1] === '') width = cells(row).length;
      expect(cells(row)).toHaveLength(width);
      if (!row.startsWith('| ---')) for (const c of cells(row)) expect(unescaped(c)).toBe('');
    }
  });

  it('stays under GitHub\'s limit with 50,000 access changes, saying how many rows are left out', () => {
    const n = 50_000;
    const plan = makePlan({
      changes: Array.from({ length: n }, (_v, i) => create('user', `user${i}@example.com`, { login: `user${i}@example.com`, securityProfiles: ['Agent'] }, ['Agent'])),
      access: Array.from({ length: n }, (_v, i) => access(`user${i}@example.com`, { gained: ['BasicAgentAccess', 'Users.Edit'], riskyGained: i % 100 === 0 ? [{ permission: 'Users.Edit', via: ['Agent'] }] : [] })),
    });
    const out = renderPlanMarkdown(plan);
    expect(out.length).toBeLessThanOrEqual(65_536);
    expect(out.length).toBeGreaterThan(60_000);
    const dropped = [...out.matchAll(/… (\d+) more rows? not shown; run permctl plan locally for the full plan\./g)].map((m) => Number(m[1]));
    expect(dropped.length).toBeGreaterThan(0);
    const shown = out.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| ---') && !/^\| (user|action) \|/.test(l)).length;
    expect(shown + dropped.reduce((a, b) => a + b, 0)).toBe(n + n + n / 100);
    for (const max of [3_000, 500, 60]) expect(renderPlanMarkdown(plan, { maxLength: max }).length).toBeLessThanOrEqual(max);
  });

  it('caps a long list in one cell', () => {
    const many = Array.from({ length: 45 }, (_v, i) => `Perm${i}`);
    const out = renderPlanMarkdown(makePlan({ changes: [create('profile', 'Big', { name: 'Big', permissions: many }, many)] }));
    expect(out).toContain('\\+Perm19<br>… and 25 more |');
  });
});

describe('renderPlanJson', () => {
  const reversed = (v: unknown): unknown =>
    Array.isArray(v) ? v.map(reversed) : v !== null && typeof v === 'object' ? Object.fromEntries(Object.entries(v).reverse().map(([k, x]) => [k, reversed(x)])) : v;

  it.each([['create', createPlan], ['update', updatePlan], ['empty', emptyPlan]] as const)('round-trips the %s plan', (_name, plan) => {
    const text = renderPlanJson(plan);
    expect(JSON.parse(text)).toEqual(plan);
    expect(text.endsWith('}\n')).toBe(true);
    expect(Object.keys(JSON.parse(text) as object)[0]).toBe('format_version');
    expect(renderPlanJson(reversed(plan) as Plan)).toBe(text);
  });

  it('is what the registry gives for each format', () => {
    expect(PLAN_RENDERERS.json(updatePlan, { paint: plain })).toBe(renderPlanJson(updatePlan));
    expect(PLAN_RENDERERS.text(updatePlan, { paint: plain })).toBe(renderPlanText(updatePlan, { paint: plain }));
    expect(PLAN_RENDERERS.markdown(updatePlan, { paint: plain, maxLength: 800 })).toBe(renderPlanMarkdown(updatePlan, { maxLength: 800 }));
  });
});
