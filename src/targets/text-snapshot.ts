// A snapshot read as its state's canonical text (plan/state-text.ts; sqlite/read-text.ts writes
// it in SQL): the state's objects are built from the text only when something reads them. The
// thread that reads the store for `plan` posts the text and never needs them; an apply does.
import type { StateText } from '../plan/state-text.ts';
import { keptText, stateWithText } from '../plan/state-text.ts';
import type { TargetState } from '../plan/state.ts';
import type { TargetSnapshot } from './contract.ts';

const texts = new WeakMap<TargetSnapshot, StateText>();

export function snapshotOfText(text: StateText, rest: Omit<TargetSnapshot, 'state'>): TargetSnapshot {
  let state: TargetState | undefined;
  // An enumerable getter: a copy of the snapshot ({ ...snapshot }) holds the state itself.
  const snapshot: TargetSnapshot = {
    ...rest,
    get state(): TargetState {
      return (state ??= stateWithText(text));
    },
  };
  texts.set(snapshot, text);
  return snapshot;
}

/** The text of a snapshot's state: the one it was read as, or the store's kept text, or
 *  written now. */
export function snapshotText(snapshot: TargetSnapshot): StateText {
  return texts.get(snapshot) ?? keptText(snapshot.state);
}
