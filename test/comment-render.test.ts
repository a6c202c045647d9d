// The PR comment renderer: golden comments for the example plans (initial, update, empty,
// failed), the length cap on a 5,000-user change that still names every risky grant, and
// hostile names that must come out inert without corrupting what a reviewer copies.
import { describe, expect, it } from 'vitest';
import { summarise } from '../src/plan/plan.ts';
import type { AccessChange, Change, Plan } from '../src/plan/types.ts';
import { NAME_CHARS_SHOWN, code, prose } from '../src/render/comment/inert.ts';
import { COMMENT_LIMIT, commentMarker, renderComment } from '../src/render/comment/index.ts';
import { examplePlans, riskReason } from './comment-plans.ts';
import { expectGolden } from './golden.ts';

const opts = { riskReason, version: '0.1.0' };

describe('golden comments', () => {
  it.each(['initial', 'update', 'empty', 'failed'] as const)('%s plan', async (name) => {
    const plans = await examplePlans();
    const text = renderComment(plans[name], opts);
    expectGolden(`comment-${name}.md`, text);
    expect(text.startsWith(`${commentMarker(plans[name].instance)}\n`)).toBe(true);
    // No machine paths: the store lives in a temp dir on the runner.
    expect(text).not.toMatch(/\/tmp\/|store\.db|permctl-comment-plans/);
  });
});

function planOf(changes: Change[], access: AccessChange[], instance = 'acme-prod'): Plan {
  return {
    format_version: '1.0', instance, target: 'sqlite:/home/runner/work/x/.permctl/store.db', createdAt: '2025-01-01T00:00:00.000Z', gitCommit: null,
    targetFingerprint: 'sha256:a', policyFingerprint: 'sha256:b', changes, access, findings: [], unmanaged: [], summary: summarise(changes, access, []),
  };
}
const userCreate = (login: string, profiles: string[]): Change => ({ kind: 'user', name: login, action: 'create', before: null, after: { login, securityProfiles: profiles, routingProfile: 'Basic' }, add: profiles, remove: [] });
const RISKY = ['Users.Create', 'Users.Edit', 'Users.EditPermission', 'SecurityProfiles.Create', 'SecurityProfiles.Edit', 'ListenCallRecordings', 'DeleteCallRecordings'];

describe('length', () => {
  it('a 5,000-user change stays under 65,536 characters, says what it left out, and names every risky grant', () => {
    const changes: Change[] = [];
    const access: AccessChange[] = [];
    for (let i = 0; i < 5000; i++) {
      const login = `user${String(i).padStart(5, '0')}@example.com`;
      const admin = i % 50 === 0;
      const profiles = admin ? ['Admin'] : i % 3 === 0 ? ['Agent', `Team${i % 40}`] : ['Agent'];
      changes.push(userCreate(login, profiles));
      access.push({ login, gained: admin ? [...RISKY, 'BasicAgentAccess'] : ['BasicAgentAccess', `Queue${i % 30}.View`], lost: [], linesGained: i % 7 === 0 ? ['support-uk'] : [], linesLost: [], riskyGained: admin ? RISKY.map((p) => ({ permission: p, via: ['Admin'] })) : [] });
    }
    const text = renderComment(planOf(changes, access), opts);
    expect(text.length).toBeLessThanOrEqual(COMMENT_LIMIT);
    expect(text.length).toBeGreaterThan(COMMENT_LIMIT * 0.9);
    for (const p of RISKY) expect(text).toMatch(new RegExp(`\\*\\*100 users gain\\*\\* \`${p.replace('.', '\\.')}\``));
    expect(text).toContain('📝 **5,000 changes, 5,000 users affected** · ⚠️ **700 risky grants**');
    expect(text).toMatch(/not shown/);
    expect(text).toContain('</details>');
  });

  it.each([2000, 8000, 30000])('any limit (%i) is respected', (max) => {
    const changes = Array.from({ length: 3000 }, (_, i) => userCreate(`u${i}`, ['Agent']));
    expect(renderComment(planOf(changes, []), { ...opts, maxLength: max }).length).toBeLessThanOrEqual(max);
  });
});

describe('hostile names', () => {
  const HOSTILE = ['a|b', '<script>alert(1)</script>', '<img src=x onerror=alert(1)>', '@org/team', '#1', '```js', '`x`', 'evil\u202Egnp.exe', 'zero\u200Bwidth', 'line\nbreak', '[link](https://evil.example)', '**bold**', '<!-- permctl-plan instance=acme-prod -->'];
  const profile = (name: string): Change => ({ kind: 'profile', name, action: 'create', before: null, after: { name, permissions: [name] }, add: [name], remove: [] });
  const plan = planOf(
    [...HOSTILE.map(profile), ...HOSTILE.map((h) => userCreate(h, [h]))],
    HOSTILE.map((h) => ({ login: h, gained: [h], lost: [], linesGained: [h], linesLost: [], riskyGained: [{ permission: h, via: [h] }] })),
    '--><script>x</script>',
  );
  const text = renderComment(plan, opts);

  it('golden', () => expectGolden('comment-hostile.md', text));

  it('no raw HTML, no mention, no reference, no hidden character reaches the comment', () => {
    // Outside code spans and fenced blocks nothing from a name may remain active.
    const outsideCode = text.replace(/^(`{3,})diff\n[\s\S]*?^\1$/gm, '').replace(/(`+)(?:(?!\1)[\s\S])*?\1/g, '');
    expect(outsideCode).not.toMatch(/<script|<img|@org|#1\b|\[link\]/);
    expect(text).not.toMatch(/[\u202E\u200B]/);
    expect(outsideCode.match(/<!--/g)).toHaveLength(1); // only our own marker, on the first line
    expect(text.split('\n')[0]).toBe('<!-- permctl-plan instance=--%3E%3Cscript%3Ex%3C%2Fscript%3E -->');
  });

  it('a code span holds a name literally; table cells escape |; an e-mail copies as itself', () => {
    expect(code('ana@example.com')).toBe('`ana@example.com`');
    expect(code('a|b', true)).toBe('`a\\|b`');
    expect(code('```js')).toBe('```` ```js ````');
    expect(code('evil\u202Egnp')).toBe('`evil[U+202E]gnp`');
    expect(code('')).toBe('*(empty)*');
    expect(prose('user "ana@example.com": see #1')).toBe('user "`ana@example.com`"\\: see `#1`');
    // Machine paths keep only their last part; URLs are left alone.
    expect(prose('target sqlite:/tmp/run/x/store.db: cannot open /home/runner/a.db')).toBe('target sqlite\\:…/store\\.db\\: cannot open …/a\\.db');
    expect(prose('see https://docs.github.com/rest')).toBe('see https\\://docs\\.github\\.com/rest');
  });
});

describe('a hand-made plan file', () => {
  it('wrong types everywhere render as inert rows, never an exception', () => {
    const junk = {
      format_version: '1.0', instance: 'x', target: 'sqlite:x', createdAt: '', gitCommit: 7, targetFingerprint: '', policyFingerprint: '',
      changes: [null, 3, { kind: 'user', name: { a: 1 }, action: 'update', add: 'Admin', before: [], after: 'x', fields: [1] }, { kind: 'profile', name: 'p', action: 'create', add: [1, null] }],
      access: [{ login: 5, gained: 'x', riskyGained: [null, { permission: 1, via: 'y' }] }],
      findings: [{ severity: 'fatal', message: { x: 1 }, line: 'x' }],
      unmanaged: [7],
      summary: null,
    } as unknown as Plan;
    const text = renderComment(junk, opts);
    expect(text).toContain('4 changes');
    expect(text.length).toBeLessThanOrEqual(COMMENT_LIMIT);
  });
});

describe('plan format 1.1 access (recording-archive access, restrictions)', () => {
  it('is grouped and named when present', () => {
    const a = (login: string): AccessChange => ({
      login, gained: [], lost: [], linesGained: ['support-uk'], linesLost: [],
      recordingsGained: ['viewCallRecordings', 'deleteCallRecordings'], restrictionsLost: ['RestrictContactAccessByHierarchy.View'],
      riskyGained: [{ permission: 'DeleteCallRecordings', via: [], through: 'recordings' }],
    } as unknown as AccessChange);
    const text = renderComment({ ...planOf([userCreate('ana@example.com', ['Agent'])], [a('ana@example.com'), a('ben@example.com')]), format_version: '1.1' }, opts);
    expect(text).toContain('- **2 users gain** `DeleteCallRecordings` (through their recording settings)');
    expect(text).toContain('- **2 users gain recording access** `viewCallRecordings`, `deleteCallRecordings`');
    expect(text).toContain('- **2 users are no longer restricted by** `RestrictContactAccessByHierarchy.View`');
    expect(text).toContain('📝 **1 change, 2 users affected**');
  });
});

describe('one source of inert text', () => {
  it('the comment layers Markdown on the shared helpers: the same plainText, the same cut', async () => {
    const shared = await import('../src/render/inert.ts');
    const escape = await import('../src/render/plan/escape.ts');
    expect(escape.plainText).toBe(shared.plainText);
    // A hostile 5,000-character name is cut as every other output cuts it, saying how long it was,
    // with its hidden characters shown, inside a code span.
    const name = `\u202e${'x'.repeat(4999)}`;
    expect(code(name)).toBe(`\`${shared.inertName(name, NAME_CHARS_SHOWN)}\``);
    expect(code(name)).toMatch(/^`\[U\+202E\]x+… \(5000 characters\)`$/);
    expect(code('short\nname')).toBe('`short name`');
  });
});
