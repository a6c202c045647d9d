// The state's text (src/plan/state-text.ts) is what the fingerprint hashes and how a state read
// on another thread crosses to the main thread (targets/background-read.ts). Its inverse must
// give back the very state a store reads, keys in the same order, so plans made from either are
// byte-identical; and the fingerprint, kept in stores and plan files, must not change.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stateFingerprint, textFingerprint } from '../src/plan/fingerprint.ts';
import type { RecordingState, TargetState, UserState } from '../src/plan/state.ts';
import { FINGERPRINT_SLICE, keptText, stateFromText, stateText } from '../src/plan/state-text.ts';
import { userOf } from '../src/targets/store-rows.ts';

const rec = (over: Partial<RecordingState> = {}): RecordingState => ({ role: 'normal', viewCallRecordings: false, viewOutboundCallRecordings: false, viewScreenRecordings: false, deleteCallRecordings: false, lines: [], ...over });

// Users in the order the stores build them (userOf): login, securityProfiles, then what is set.
const many: UserState[] = Array.from({ length: FINGERPRINT_SLICE + 3 }, (_, i) =>
  userOf(`u${String(i).padStart(5, '0')}`, i % 3 === 0 ? [] : ['Agent'], i % 2 === 0 ? `User ${i}` : undefined, i % 5 === 0 ? 'Basic' : undefined, undefined, undefined),
);

/** Each state, and its fingerprint as computed before the text had a module of its own. */
const CASES: readonly { name: string; state: TargetState; fingerprint: string }[] = [
  { name: 'empty', state: { profiles: [], users: [], routingProfiles: [], queues: [], lines: [] }, fingerprint: 'sha256:a6ba986990fae4c8dd9f2b2291a13b4f89ff52e92082ef004337902c41e7bcc4' },
  {
    name: 'every field, optional ones set and unset',
    state: {
      instance: { instance: 'acme', screenRecordings: true, conversationAnalyzer: false, agentRecordingAccess: 'own' },
      profiles: [
        { name: 'Admin', description: 'Full access', permissions: ['Users.Edit', 'Users.View'] },
        { name: 'Agent', permissions: [] },
      ],
      users: [
        userOf('ana', ['Admin', 'Agent'], 'Ana Ñúñez 😀', 'Basic', 'EMEA/Madrid', rec({ role: 'nominee', viewCallRecordings: true, viewScreenRecordings: true, lines: ['l1', 'l2'] })),
        userOf('bob', [], undefined, undefined, undefined, undefined),
        userOf('cy', ['Agent'], undefined, undefined, '', rec()),
      ],
      routingProfiles: [
        { name: 'Basic', description: 'd', defaultOutboundQueue: 'Q1', queues: [{ queue: 'Q1', priority: 1, delay: 0 }, { queue: 'Q2', priority: 2, delay: 30 }] },
        { name: 'Empty', defaultOutboundQueue: 'Q1', queues: [] },
      ],
      queues: [{ name: 'Q1', description: 'first' }, { name: 'Q2' }],
      lines: [{ id: 'l1', number: '+3491', description: 'Sales "line"' }, { id: 'l2', number: '' }],
    },
    fingerprint: 'sha256:8424704e0d422139623a37e00cef0ec82fb8afe9769a36cb15f012e6d0e7eaa7',
  },
  { name: `more users than a slice (${FINGERPRINT_SLICE})`, state: { profiles: [], users: many, routingProfiles: [], queues: [], lines: [] }, fingerprint: 'sha256:69018dc02714b73fe74b9885bcd1786c8847dd8035026d81462a6008be35cf52' },
];

describe('state text', () => {
  it.each(CASES)('$name: read back exactly, keys in the stores order, and fingerprinted as before', ({ state, fingerprint }) => {
    const text = stateText(state);
    expect(text.users).toHaveLength(Math.ceil(state.users.length / FINGERPRINT_SLICE));
    expect(JSON.stringify(stateFromText(text))).toBe(JSON.stringify(state));
    expect(textFingerprint(text)).toBe(fingerprint);
    expect(stateFingerprint(state)).toBe(fingerprint);
  });

  it('reads back any user, and a user built in another key order as the stores build it', () => {
    const opt = fc.option(fc.string({ unit: 'grapheme' }), { nil: undefined });
    const user = fc.record({ login: fc.string({ minLength: 1 }), profiles: fc.array(fc.string()), name: opt, routingProfile: opt, hierarchy: opt, recordings: fc.option(fc.record({ role: fc.constantFrom('normal', 'nominee', 'agent'), viewCallRecordings: fc.boolean(), viewOutboundCallRecordings: fc.boolean(), viewScreenRecordings: fc.boolean(), deleteCallRecordings: fc.boolean(), lines: fc.array(fc.string()) }), { nil: undefined }) });
    fc.assert(
      fc.property(fc.array(user, { maxLength: 20 }), (users) => {
        const stored = users.map((u) => userOf(u.login, u.profiles, u.name, u.routingProfile, u.hierarchy, u.recordings));
        // Live targets build the name before the profiles (targets/connect/read.ts).
        const live = users.map((u) => ({ login: u.login, ...(u.name !== undefined ? { name: u.name } : {}), securityProfiles: u.profiles, ...(u.routingProfile !== undefined ? { routingProfile: u.routingProfile } : {}), ...(u.hierarchy !== undefined ? { hierarchy: u.hierarchy } : {}), ...(u.recordings ? { recordings: u.recordings } : {}) }));
        const state = (us: UserState[]): TargetState => ({ profiles: [], users: us, routingProfiles: [], queues: [], lines: [] });
        expect(JSON.stringify(stateFromText(stateText(state(stored))))).toBe(JSON.stringify(state(stored)));
        expect(stateFromText(stateText(state(live)))).toEqual(state(stored));
        expect(stateFingerprint(state(live))).toBe(stateFingerprint(state(stored)));
      }),
      { numRuns: 300 },
    );
  });

  it('keeps a read state\'s text: written once, given again to whoever asks next (the reading thread)', () => {
    const state = CASES[1]?.state as TargetState;
    const kept = keptText(state);
    expect(kept).toEqual(stateText(state));
    expect(keptText(state)).toBe(kept);
    expect(keptText({ ...state })).not.toBe(kept);
  });

  it('refuses text it did not write', () => {
    expect(() => stateFromText({ objects: '["other",null,[],[],[],[]]', users: [] })).toThrow(/not a state's text/);
  });
});
