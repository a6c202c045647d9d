// Worker-thread entry: open a target (never creating it), read its state and fingerprint, post
// them back. Lets `plan` read the target on the second core while the main thread loads and
// compiles the policy.
import { parentPort, workerData } from 'node:worker_threads';
import type { TargetEnv } from './contract.ts';
import type { WorkerMessage } from './background-read.ts';
import { openTarget } from './registry.ts';

const { url, env } = workerData as { url: string; env: TargetEnv };
const post = (m: WorkerMessage): void => parentPort?.postMessage(m);
const opened = await openTarget(url, env, { create: false });
if (!opened.ok) {
  post({ ok: false, diagnostic: opened.diagnostic });
} else {
  const t = opened.target;
  try {
    // As one JSON string: the main thread parses it faster than it deserialises a structured
    // clone of 50,000 user objects, and this thread pays for the stringify.
    const json = JSON.stringify(await t.read());
    const stats = t.stats?.();
    post({ ok: true, json, capabilities: t.capabilities, identity: t.identity, ...(stats ? { stats } : {}) });
  } catch (e) {
    post({ ok: false, diagnostic: { code: 'PC606', severity: 'error', args: { target: t.identity, reason: e instanceof Error ? e.message : String(e) } } });
  } finally {
    await t.close();
  }
}
