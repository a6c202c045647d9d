// An in-memory live target for tests of the orchestration and of the conformance suite's
// non-atomic cases: it applies changes one by one (no transaction), can be told to fail after N
// changes, keeps no history of its own, and checks staleness by a fresh read, as live targets do.
import { keyOf } from '../../src/plan/canonical.ts';
import { canonicalState } from '../../src/plan/canonical.ts';
import { objectsOf } from '../../src/plan/diff.ts';
import { stateFingerprint } from '../../src/plan/fingerprint.ts';
import { APPLY_ORDER, EMPTY_STATE } from '../../src/plan/state.ts';
import type { ObjectKind, TargetState } from '../../src/plan/state.ts';
import type { Change, ObjectState } from '../../src/plan/types.ts';
import type { Capabilities, ChangeOutcome, Target } from '../../src/targets/contract.ts';

export interface MemoryTarget extends Target {
  /** The next apply fails at its (n+1)-th change; the earlier ones stay applied. */
  failAfter(n: number | undefined): void;
  state(): TargetState;
}

const LIST: Record<Exclude<ObjectKind, 'instance'>, keyof Omit<TargetState, 'instance'>> = { profile: 'profiles', user: 'users', routingProfile: 'routingProfiles', queue: 'queues', line: 'lines' };

function put(state: TargetState, c: Change): TargetState {
  if (c.kind === 'instance') return c.action === 'delete' ? (({ instance: _i, ...rest }) => rest)(state) : { ...state, instance: c.after as TargetState['instance'] & object };
  const field = LIST[c.kind];
  const others = (objectsOf(state, c.kind) as ObjectState[]).filter((o) => keyOf(c.kind, o) !== c.name);
  return canonicalState({ ...state, [field]: c.action === 'delete' ? others : [...others, c.after] });
}

const CAPS: Capabilities = { kinds: Object.fromEntries(APPLY_ORDER.map((k) => [k, { fields: 'all', create: true, delete: true }])), atomic: false, history: 'external' };

export function memoryTarget(identity = 'memory://test', caps: Capabilities = CAPS): MemoryTarget {
  let state: TargetState = EMPTY_STATE;
  let failAt: number | undefined;
  return {
    identity,
    capabilities: caps,
    failAfter: (n) => void (failAt = n),
    state: () => state,
    read: () => Promise.resolve({ state, fingerprint: stateFingerprint(state), exists: true }),
    apply(plan) {
      const actual = stateFingerprint(state);
      if (actual !== plan.targetFingerprint) return Promise.resolve({ ok: false, reason: 'stale', expected: plan.targetFingerprint, actual });
      const rank = (c: Change): number => APPLY_ORDER.indexOf(c.kind) * (c.action === 'delete' ? -1 : 1) + (c.action === 'delete' ? 100 : 0);
      const order = [...plan.changes].sort((a, b) => rank(a) - rank(b));
      const outcomes: ChangeOutcome[] = [];
      let failed: string | undefined;
      for (const c of order) {
        const base = { kind: c.kind, name: c.name, action: c.action };
        if (failed !== undefined) outcomes.push({ ...base, status: 'skipped' });
        else if (failAt !== undefined && outcomes.length >= failAt) {
          failed = `injected failure at ${c.kind} ${c.name}`;
          outcomes.push({ ...base, status: 'failed', error: failed });
        } else {
          state = put(state, c);
          outcomes.push({ ...base, status: 'applied' });
        }
      }
      failAt = undefined;
      if (failed !== undefined) return Promise.resolve({ ok: false, reason: 'failed', message: failed, outcomes, historyId: null });
      return Promise.resolve({ ok: true, outcomes, fingerprint: stateFingerprint(state), historyId: null });
    },
    close: () => Promise.resolve(),
  };
}
