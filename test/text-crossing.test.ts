// A state's text crosses threads as UTF-8 in transferred buffers (src/targets/text-crossing.ts)
// and must arrive exactly as it left, whatever it holds; across a real MessageChannel, the
// buffers are transferred (the sender's are detached), not copied.
import { MessageChannel, receiveMessageOnPort } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { packText, unpackText } from '../src/targets/text-crossing.ts';
import type { PackedText } from '../src/targets/text-crossing.ts';
import type { StateText } from '../src/plan/state-text.ts';

const CASES: readonly [string, StateText][] = [
  ['empty', { objects: '', users: [] }],
  ['ASCII', { objects: '["permctl-state-1",null,[],[],[],[]]', users: ['[["a@x",null,["Agent"],null,null,null]]'] }],
  ['Latin-1 and beyond', { objects: '[]', users: ['[["zoe@x","Zoë Nguyễn",[],null,null,null]]', '[["b@x","Siobhán",[],null,null,null]]'] }],
  ['outside the Basic Multilingual Plane', { objects: '[]', users: ['[["c@x","🎧 Support 𝔸",[],null,null,null]]'] }],
  ['a lone surrogate (no exact UTF-8: crosses as it is)', { objects: '["\ud800"]', users: ['[["d@x","x\udc00y",[],null,null,null]]', 'ok'] }],
  ['NUL and controls', { objects: '\u0000\u0001\u001f', users: ['\u007f\u0085\u2028'] }],
];

function across(text: StateText): { received: StateText; sent: PackedText } {
  const { port1, port2 } = new MessageChannel();
  const { packed, transfer } = packText(text);
  port1.postMessage(packed, transfer);
  const message = receiveMessageOnPort(port2);
  port1.close();
  port2.close();
  if (message === undefined) throw new Error('nothing crossed');
  return { received: unpackText(message.message as PackedText), sent: packed };
}

describe('the text crossing threads', () => {
  it.each(CASES)('%s: arrives exactly as it left', (_, text) => {
    const { received } = across(text);
    expect(received).toEqual(text);
    expect(received.users.map((u, i) => u === text.users[i])).toEqual(text.users.map(() => true));
  });

  it('well-formed strings cross as bytes whose buffers are transferred', () => {
    const text: StateText = { objects: '["Nguyễn"]', users: ['[1]', '[2]'] };
    const { sent } = across(text);
    for (const part of [sent.objects, ...sent.users]) {
      expect(part).toBeInstanceOf(Uint8Array);
      expect((part as Uint8Array).buffer.byteLength).toBe(0); // detached: it was transferred
    }
  });

  it('a string with a lone surrogate crosses as a string, the others as bytes', () => {
    const { packed, transfer } = packText({ objects: '\ud800', users: ['ok'] });
    expect(packed.objects).toBe('\ud800');
    expect(packed.users[0]).toBeInstanceOf(Uint8Array);
    expect(transfer).toHaveLength(1);
  });
});
