// Plan files of several targets: one target's file is the plan as before; several make a plan
// set that reads back to the same plans, in order; every bad set is refused with a reason.
import { describe, expect, it } from 'vitest';
import { parsePlans } from '../src/plan/plan-set.ts';
import type { Plan } from '../src/plan/types.ts';
import { renderPlanJson } from '../src/render/plan/json.ts';
import { renderPlans, renderPlanSetJson } from '../src/render/plan/set.ts';
import { plain } from '../src/render/style.ts';

const plan = (target: string, changes: Plan['changes'] = []): Plan => ({
  format_version: '1.0', instance: 'acme-prod', target, createdAt: '2026-01-01T00:00:00.000Z', gitCommit: null,
  targetFingerprint: 'sha256:t', policyFingerprint: 'sha256:p', changes, access: [], findings: [], unmanaged: [],
  summary: { create: 0, update: changes.length, delete: 0, usersGaining: 0, usersLosing: 0, riskyGrants: 0, unmanaged: 0, revokeRatio: 0 },
});
const userChange = (login: string): Plan['changes'][number] => ({ kind: 'user', name: login, action: 'update', before: { login, securityProfiles: [] }, after: { login, securityProfiles: [] }, fields: ['recordings'] });

const A = plan('sqlite:/tmp/a.db');
const B = plan('vcc://emea', [userChange('ana@example.com')]);

describe('plan set files', () => {
  it('one target: the plan file is the plan itself, as before', () => {
    expect(renderPlanSetJson([A])).toBe(renderPlanJson(A));
    expect(parsePlans(renderPlanJson(A))).toEqual({ ok: true, plans: [A] });
  });

  it('several targets: a set with the shared fields first, read back to the same plans in order', () => {
    const text = renderPlanSetJson([A, B]);
    const data = JSON.parse(text) as Record<string, unknown>;
    expect(Object.keys(data)).toEqual(['format_version', 'instance', 'createdAt', 'gitCommit', 'policyFingerprint', 'plans']);
    expect(data.format_version).toBe('1.1');
    expect(parsePlans(text)).toEqual({ ok: true, plans: [A, B] });
  });

  const set = (plans: unknown, version = '1.1'): string => JSON.stringify({ format_version: version, instance: 'x', createdAt: '', gitCommit: null, policyFingerprint: '', plans });
  it.each([
    ['an unknown major version', set([A, B], '2.0'), 'format_version 2.0 is not supported'],
    ['plans that is not a list', set({}), 'field plans is not a list of plans'],
    ['an empty set', set([]), 'field plans is not a list of plans'],
    ['a plan that is not one', set([A, { format_version: '1.0' }]), 'plans[1]: field instance is missing or not a string'],
    ['one target twice', set([A, A]), 'two plans of the set are for the same target'],
    ['too many plans', set(Array.from({ length: 17 }, (_, i) => plan(`sqlite:/tmp/${i}.db`))), 'more than 16 plans'],
    ['not JSON', '{', 'not JSON'],
  ])('refuses %s', (_name, text, reason) => {
    const parsed = parsePlans(text);
    expect(parsed.ok ? '' : parsed.reason).toContain(reason);
  });

  it('text and markdown: one section per target, one comment marker', () => {
    const text = renderPlans([A, B], 'text', { paint: plain });
    expect(text.match(/^permctl plan: acme-prod → /gm)).toHaveLength(2);
    expect(text.indexOf('sqlite:/tmp/a.db')).toBeLessThan(text.indexOf('vcc://emea'));
    const md = renderPlans([A, B], 'markdown', { paint: plain, maxLength: 4000 });
    expect(md.match(/<!-- permctl-plan -->/g)).toHaveLength(1);
    expect(md.match(/### permctl plan/g)).toHaveLength(2);
    expect(md.length).toBeLessThanOrEqual(4000);
  });
});
