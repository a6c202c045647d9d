// The state a target holds once `changes` are applied to `state`: what a store's apply
// fingerprints without reading every table again. Only the kinds that change are rebuilt; the
// result is canonical (plan/canonical.ts).
import { canonicalState, keyOf } from './canonical.ts';
import { objectsOf } from './diff.ts';
import type { InstanceState, ObjectKind, TargetState } from './state.ts';
import type { Change, ObjectState } from './types.ts';

const LIST: Record<Exclude<ObjectKind, 'instance'>, 'profiles' | 'users' | 'routingProfiles' | 'queues' | 'lines'> = { profile: 'profiles', user: 'users', routingProfile: 'routingProfiles', queue: 'queues', line: 'lines' };

export function stateAfter(state: TargetState, changes: readonly Change[]): TargetState {
  const byKind = new Map<ObjectKind, Change[]>();
  for (const c of changes) {
    const list = byKind.get(c.kind);
    if (list === undefined) byKind.set(c.kind, [c]);
    else list.push(c);
  }
  let out: TargetState = state;
  for (const [kind, cs] of byKind) {
    if (kind === 'instance') {
      // Creates first, then deletes of the old name (a rename), as the stores apply them.
      let instance: InstanceState | undefined = out.instance;
      for (const c of cs) if (c.action !== 'delete') instance = c.after as InstanceState;
      for (const c of cs) if (c.action === 'delete' && instance?.instance === c.name) instance = undefined;
      const { instance: _old, ...rest } = out;
      out = instance === undefined ? rest : { instance, ...rest };
      continue;
    }
    const objects = new Map<string, ObjectState>(objectsOf(out, kind).map((o) => [keyOf(kind, o), o]));
    for (const c of cs) {
      if (c.action === 'delete') objects.delete(c.name);
      else objects.set(c.name, c.after as ObjectState);
    }
    out = { ...out, [LIST[kind]]: [...objects.values()] };
  }
  return canonicalState(out);
}
