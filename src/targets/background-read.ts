// Reading a target on another thread. The result is the same as `openTarget(url, env,
// { create: false })` followed by `read()`; only the thread differs. Used by `plan`, whose other
// work (load, validate, compile) does not depend on the target's state.
import { Worker } from 'node:worker_threads';
import type { Diagnostic } from '../diagnostics/types.ts';
import type { Capabilities, Integrity, TargetEnv, TargetSnapshot, TargetStats } from './contract.ts';
import { redactUrl } from './registry.ts';

/** The snapshot, what the target holds, and its identity (for the plan file). */
export type ReadResult =
  | { readonly ok: true; readonly snapshot: TargetSnapshot; readonly capabilities: Capabilities; readonly identity: string; readonly stats?: TargetStats; readonly integrity?: Integrity }
  | { readonly ok: false; readonly diagnostic: Diagnostic };

export interface BackgroundRead {
  readonly result: Promise<ReadResult>;
  /** Stop the worker when its answer is no longer wanted (the policy has errors). */
  cancel(): Promise<void>;
}

// The worker's file has this module's extension: .ts when Node runs the source, .js in the
// compiled package (dist/), where rewriteRelativeImportExtensions does not reach URL strings.
const WORKER = new URL(`./read-worker${import.meta.url.slice(import.meta.url.lastIndexOf('.'))}`, import.meta.url);

export type WorkerMessage = { ok: true; json: string; capabilities: Capabilities; identity: string; stats?: TargetStats; integrity?: Integrity } | { ok: false; diagnostic: Diagnostic };

/** `verify`: also run the store's own verification (HistoryStore.verify, for `plan`), on the
 *  worker's connection, beside the read (`integrity`). */
export function readInBackground(url: string, env: TargetEnv, verify = false): BackgroundRead {
  const worker = new Worker(WORKER, { workerData: { url, env: { cwd: env.cwd, env: { ...env.env } }, verify } });
  const result = new Promise<ReadResult>((resolve) => {
    worker.once('message', (m: WorkerMessage) => resolve(m.ok ? { ok: true, snapshot: JSON.parse(m.json) as TargetSnapshot, capabilities: m.capabilities, identity: m.identity, ...(m.stats ? { stats: m.stats } : {}), ...(m.integrity ? { integrity: m.integrity } : {}) } : m));
    worker.once('error', (e: Error) => resolve({ ok: false, diagnostic: { code: 'PC606', severity: 'error', args: { target: redactUrl(url), reason: e.message.split(url).join(redactUrl(url)) } } }));
  });
  return { result, cancel: async () => void (await worker.terminate()) };
}
