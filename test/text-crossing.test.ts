// A state's text crosses threads as UTF-8 in transferred buffers (src/targets/text-crossing.ts)
// and must arrive exactly as it left, whatever it holds; across a real MessageChannel, the
// buffers are transferred (the sender's are detached), not copied. Read in pieces (a plan), it
// gives the same state as the text itself.
import { MessageChannel, receiveMessageOnPort } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { packText, unpackPieces, unpackText } from '../src/targets/text-crossing.ts';
import type { PackedSlice, PackedText } from '../src/targets/text-crossing.ts';
import { stateFromText, stateText } from '../src/plan/state-text.ts';
import type { StateText } from '../src/plan/state-text.ts';
import type { TargetState, UserState } from '../src/plan/state.ts';
import { EMPTY_STATE } from '../src/plan/state.ts';

const NAMES = ['Zoë Nguyễn', 'Siobhán', '🎧 Support 𝔸', 'O\'Brien "Kat"', 'back\\slash, [bracket] {brace}', 'x\u2028y\u0085z', '', 'a,b'];

/** A state of `n` users, every few of them with a name from NAMES and recordings. */
function stateOf(n: number): TargetState {
  const users: UserState[] = [];
  for (let i = 0; i < n; i++) {
    const login = `user${String(i).padStart(6, '0')}@example.com`;
    const u: { -readonly [K in keyof UserState]: UserState[K] } = { login, securityProfiles: i % 3 === 0 ? [] : ['Agent', `Team-${i % 7}`] };
    if (i % 2 === 0) u.name = NAMES[i % NAMES.length] ?? '';
    if (i % 5 === 0) u.recordings = { role: 'nominee', viewCallRecordings: true, viewOutboundCallRecordings: false, viewScreenRecordings: i % 10 === 0, deleteCallRecordings: false, lines: [`line-${i}`, 'line-x'] };
    users.push(u);
  }
  return { ...EMPTY_STATE, profiles: [{ name: 'Agent', permissions: ['BasicAgentAccess'] }], users };
}

const CASES: readonly [string, StateText][] = [
  ['empty', { objects: '', users: [] }],
  ['no users', stateText(stateOf(0))],
  ['one user', stateText(stateOf(1))],
  ['a few users, names beyond Latin-1 and outside the Basic Multilingual Plane', stateText(stateOf(40))],
  ['slices of 5,000 users, cut into pieces', stateText(stateOf(12_345))],
  ['a lone surrogate (no exact UTF-8: that slice crosses as it is)', { objects: stateText(stateOf(0)).objects, users: ['[["d@x","x\udc00y",[],null,null,null]]', '[]'] }],
  ['text that is not a slice of users', { objects: '\u0000\u0001\u001f', users: ['\u007f\u0085\u2028', '[1,', '[[1] ,[2]]'] }],
];

function across(text: StateText): { received: PackedText; sent: PackedText } {
  const { port1, port2 } = new MessageChannel();
  const { packed, transfer } = packText(text);
  port1.postMessage(packed, transfer);
  const message = receiveMessageOnPort(port2);
  port1.close();
  port2.close();
  if (message === undefined) throw new Error('nothing crossed');
  return { received: message.message as PackedText, sent: packed };
}

describe('the text crossing threads', () => {
  it.each(CASES)('%s: arrives exactly as it left', (_, text) => {
    const { received } = across(text);
    expect(unpackText(received)).toEqual(text);
  });

  it.each(CASES.filter(([name]) => !name.startsWith('text that is not') && name !== 'empty'))('%s: read in pieces, the same state', (_, text) => {
    const { received } = across(text);
    expect(stateFromText(unpackPieces(received))).toEqual(stateFromText(text));
  });

  it('a slice of 5,000 users is read in pieces of whole users, none of more than ~16,000 characters beyond one user', () => {
    const text = stateText(stateOf(5000));
    const { received } = across(text);
    const pieces = unpackPieces(received).users;
    expect(pieces.length).toBeGreaterThan(10);
    for (const p of pieces) expect(p.length).toBeLessThan(16_384 + 200);
    expect(pieces.flatMap((p) => JSON.parse(p) as unknown[])).toEqual(JSON.parse(text.users[0] ?? ''));
  });

  it('users written with spaces around their commas are cut only where a comma follows a user', () => {
    const long = (login: string): string => JSON.stringify([login, 'n'.repeat(20_000), [], null, null, null]);
    const text: StateText = { objects: stateText(stateOf(0)).objects, users: [`[${long('a@x')} ,${long('b@x')},${long('c@x')}]`] };
    const { received } = across(text);
    expect(unpackPieces(received).users).toHaveLength(2); // after b@x, not after a@x
    expect(stateFromText(unpackPieces(received))).toEqual(stateFromText(text));
  });

  it('well-formed strings cross as bytes whose buffers are transferred', () => {
    const text = stateText(stateOf(3));
    const { sent } = across(text);
    for (const part of [sent.objects, ...sent.users.map((s) => (s as PackedSlice).bytes)]) {
      expect(part).toBeInstanceOf(Uint8Array);
      expect((part as Uint8Array).buffer.byteLength).toBe(0); // detached: it was transferred
    }
  });

  it('a string with a lone surrogate crosses as a string, the others as bytes', () => {
    const { packed, transfer } = packText({ objects: '\ud800', users: ['[]'] });
    expect(packed.objects).toBe('\ud800');
    expect((packed.users[0] as PackedSlice).bytes).toBeInstanceOf(Uint8Array);
    expect(transfer).toHaveLength(1);
  });
});
