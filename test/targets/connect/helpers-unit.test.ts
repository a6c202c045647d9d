// The target-independent helpers the Connect target brought: declared permissions moved from
// `unmodelled` into the state, and a live instance's own default profiles kept.
import { describe, expect, it } from 'vitest';
import type { CompiledPolicy } from '../../../src/compile/types.ts';
import type { TargetState } from '../../../src/plan/state.ts';
import type { TargetSnapshot } from '../../../src/targets/contract.ts';
import { keepTargetDefaults } from '../../../src/targets/own-defaults.ts';
import { importablePermissions, withDeclaredPermissions } from '../../../src/targets/unmodelled.ts';

const state = (profiles: TargetState['profiles'], users: TargetState['users'] = []): TargetState => ({ profiles, users, routingProfiles: [], queues: [], lines: [] });

const snap: TargetSnapshot = {
  state: state([{ name: 'Agent', permissions: ['BasicAgentAccess'] }, { name: 'Old', permissions: [] }]),
  fingerprint: 'sha256:read',
  exists: true,
  unmodelled: [
    { kind: 'profile', name: 'Agent', field: 'permissions', value: ['Brand.A', 'Brand.B'] },
    { kind: 'profile', name: 'Agent', field: 'tags', value: { team: 'a' } },
  ],
};

describe('withDeclaredPermissions', () => {
  it.each([
    ['nothing declared: unchanged', [], [['BasicAgentAccess'], ['Brand.A', 'Brand.B']]],
    ['one declared: moved into the profile, the other stays unmodelled', ['Brand.B'], [['BasicAgentAccess', 'Brand.B'], ['Brand.A']]],
    ['both declared', ['Brand.A', 'Brand.B'], [['BasicAgentAccess', 'Brand.A', 'Brand.B'], undefined]],
  ] as const)('%s', (_name, declared, [permissions, left]) => {
    const out = withDeclaredPermissions(snap, (p) => (declared as readonly string[]).includes(p));
    expect(out.state.profiles[0]?.permissions).toEqual(permissions);
    expect(out.unmodelled?.find((u) => u.field === 'permissions')?.value).toEqual(left);
    expect(out.unmodelled?.some((u) => u.field === 'tags')).toBe(true);
    expect(out.fingerprint).toBe('sha256:read');
  });

  it('import declares every unknown name and puts it in its profile', () => {
    const { extraPermissions, snapshot } = importablePermissions(snap);
    expect(extraPermissions).toEqual(['Brand.A', 'Brand.B']);
    expect(snapshot.state.profiles[0]?.permissions).toEqual(['BasicAgentAccess', 'Brand.A', 'Brand.B']);
  });
});

describe('keepTargetDefaults', () => {
  const policy = { profiles: new Map([['Admin', { name: 'Admin', source: 'builtin' }], ['CallCenterManager', { name: 'CallCenterManager', source: 'builtin' }], ['QualityAnalyst', { name: 'QualityAnalyst', source: 'builtin' }], ['Team', { name: 'Team', source: 'repository' }]]) } as unknown as CompiledPolicy;
  const desired = state(
    [{ name: 'Admin', permissions: ['Everything'] }, { name: 'CallCenterManager', permissions: ['Built-in'] }, { name: 'QualityAnalyst', permissions: ['Built-in'] }, { name: 'Team', permissions: ['Mine'] }],
    [{ login: 'a', securityProfiles: ['Admin', 'QualityAnalyst'] }],
  );
  const current = state([{ name: 'Admin', permissions: ['AsAwsDefinedIt'] }, { name: 'Team', permissions: ['Old'] }]);

  it('plans a default profile as the instance holds it, creates one only when a user holds it, and leaves repository profiles alone', () => {
    expect(keepTargetDefaults(desired, policy, current).profiles).toEqual([
      { name: 'Admin', permissions: ['AsAwsDefinedIt'] },
      { name: 'QualityAnalyst', permissions: ['Built-in'] },
      { name: 'Team', permissions: ['Mine'] },
    ]);
  });
});
