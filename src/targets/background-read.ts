// Reading a target on another thread. The result is the same as `openTarget(url)` followed by
// `read()`; only the thread differs. Used by `plan`, whose other work (load, validate,
// compile) does not depend on the target's state.
import { Worker } from 'node:worker_threads';
import type { Diagnostic } from '../diagnostics/types.ts';
import type { ObjectKind } from '../plan/state.ts';
import type { TargetSnapshot } from './types.ts';

/** The snapshot, and the kinds of object the target holds (Target.holds). */
export type ReadResult = { readonly ok: true; readonly snapshot: TargetSnapshot; readonly holds: ReadonlySet<ObjectKind> } | { readonly ok: false; readonly diagnostic: Diagnostic };

export interface BackgroundRead {
  readonly result: Promise<ReadResult>;
  /** Stop the worker when its answer is no longer wanted (the policy has errors). */
  cancel(): Promise<void>;
}

// The worker's file has this module's extension: .ts when Node runs the source, .js in the
// compiled package (dist/), where rewriteRelativeImportExtensions does not reach URL strings.
const WORKER = new URL(`./read-worker${import.meta.url.slice(import.meta.url.lastIndexOf('.'))}`, import.meta.url);

export function readInBackground(url: string): BackgroundRead {
  const worker = new Worker(WORKER, { workerData: url });
  const result = new Promise<ReadResult>((resolve) => {
    worker.once('message', (m: { ok: true; json: string; holds: ObjectKind[] } | (ReadResult & { ok: false })) =>
      resolve(m.ok ? { ok: true, snapshot: JSON.parse(m.json) as TargetSnapshot, holds: new Set(m.holds) } : m),
    );
    worker.once('error', (e: Error) => resolve({ ok: false, diagnostic: { code: 'PC606', severity: 'error', args: { target: url, reason: e.message } } }));
  });
  return { result, cancel: async () => void (await worker.terminate()) };
}
