// Worker-thread entry: open a target (never creating it), read its state and fingerprint, post
// them back. Lets `plan` read the target on the second core while the main thread loads and
// compiles the policy. With `verify` (plan), the store's own verification follows in a second
// message, so the main thread plans while it runs.
import { parentPort, workerData } from 'node:worker_threads';
import type { Integrity, Target, TargetEnv, TargetSnapshot } from './contract.ts';
import type { WorkerMessage } from './background-read.ts';
import { openTarget } from './registry.ts';
import { snapshotText } from './text-snapshot.ts';
import { packText } from './text-crossing.ts';

const { url, env, verify } = workerData as { url: string; env: TargetEnv; verify: boolean };
const post = (m: WorkerMessage, transfer: ArrayBuffer[] = []): void => parentPort?.postMessage(m, transfer);
const reason = (e: unknown): string => (e instanceof Error ? e.message : String(e));

function postSnapshot(t: Target, snapshot: TargetSnapshot, verifying: boolean): void {
  // The state as its text (plan/state-text.ts), which the stores have written already, for the
  // fingerprint or as what they read (snapshotText; other targets' is written here): the main
  // thread parses these strings faster than it deserialises a structured clone of 50,000 user
  // objects, and faster than the state's JSON, which is twice as long. Every other field
  // (fingerprint, unmodelled data, readAt, …) crosses as JSON, as the whole snapshot did
  // before, by its key: `state` is never read, so a snapshot read as text never builds its
  // state's objects here.
  const others = Object.fromEntries(Object.keys(snapshot).filter((k) => k !== 'state').map((k) => [k, snapshot[k as keyof TargetSnapshot]])) as Omit<TargetSnapshot, 'state'>;
  const stats = t.stats?.();
  // The text crosses as UTF-8 in transferred buffers (text-crossing.ts).
  const { packed, transfer } = packText(snapshotText(snapshot));
  post({ ok: true, text: packed, rest: JSON.stringify(others), capabilities: t.capabilities, identity: t.identity, verifying, ...(stats ? { stats } : {}) }, transfer);
}

/** The snapshot, then (when asked and the target can) the store's verification: in the read's
 *  own transaction where the target can (readVerified), else on the same connection after it. */
async function readOn(t: Target): Promise<void> {
  const history = t.history;
  if (verify && t.readVerified !== undefined) {
    let sent = false;
    const integrity = await t
      .readVerified((snapshot) => {
        postSnapshot(t, snapshot, true);
        sent = true;
      })
      .catch((e: unknown): Integrity => {
        if (!sent) throw e; // the read itself failed
        return { ok: false, reason: reason(e) };
      });
    post({ integrity });
  } else if (verify && history?.verify !== undefined) {
    postSnapshot(t, await t.read(), true);
    const integrity = await history.verify().then(
      (problems): Integrity => ({ ok: true, problems }),
      (e: unknown): Integrity => ({ ok: false, reason: reason(e) }),
    );
    post({ integrity });
  } else {
    postSnapshot(t, await t.read(), false);
  }
}

const opened = await openTarget(url, env, { create: false });
if (!opened.ok) {
  post({ ok: false, diagnostic: opened.diagnostic });
} else {
  const t = opened.target;
  try {
    await readOn(t);
  } catch (e) {
    post({ ok: false, diagnostic: { code: 'PC606', severity: 'error', args: { target: t.identity, reason: reason(e) } } });
  } finally {
    await t.close();
  }
}
