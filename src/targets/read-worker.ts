// Worker-thread entry: open a target (never creating it), read its state and fingerprint, post
// them back. Lets `plan` read the target on the second core while the main thread loads and
// compiles the policy.
import module from 'node:module';
import { parentPort, workerData } from 'node:worker_threads';
import type { Integrity, Target, TargetEnv, TargetSnapshot } from './contract.ts';
import type { WorkerMessage } from './background-read.ts';

module.enableCompileCache?.();
const { openTarget } = await import('./registry.ts');

const { url, env, verify } = workerData as { url: string; env: TargetEnv; verify: boolean };
const post = (m: WorkerMessage): void => parentPort?.postMessage(m);

/** The snapshot and, when asked, the store's own verification: in one read where the target
 *  can (readVerified), else on the same connection after the read. */
async function readOn(t: Target): Promise<{ snapshot: TargetSnapshot; integrity?: Integrity }> {
  if (!verify) return { snapshot: await t.read() };
  if (t.readVerified !== undefined) return t.readVerified();
  const snapshot = await t.read();
  const history = t.history;
  if (history?.verify === undefined) return { snapshot };
  const integrity = await history.verify().then(
    (problems): Integrity => ({ ok: true, problems }),
    (e: unknown): Integrity => ({ ok: false, reason: e instanceof Error ? e.message : String(e) }),
  );
  return { snapshot, integrity };
}

const opened = await openTarget(url, env, { create: false });
if (!opened.ok) {
  post({ ok: false, diagnostic: opened.diagnostic });
} else {
  const t = opened.target;
  try {
    // As one JSON string: the main thread parses it faster than it deserialises a structured
    // clone of 50,000 user objects, and this thread pays for the stringify.
    const { snapshot, integrity } = await readOn(t);
    const json = JSON.stringify(snapshot);
    const stats = t.stats?.();
    post({ ok: true, json, capabilities: t.capabilities, identity: t.identity, ...(stats ? { stats } : {}), ...(integrity ? { integrity } : {}) });
  } catch (e) {
    post({ ok: false, diagnostic: { code: 'PC606', severity: 'error', args: { target: t.identity, reason: e instanceof Error ? e.message : String(e) } } });
  } finally {
    await t.close();
  }
}
