// Reading a target on another thread. The result is the same as `openTarget(url, env,
// { create: false })` followed by `read()`; only the thread differs. Used by `plan`, whose other
// work (load, validate, compile) does not depend on the target's state.
import { Worker } from 'node:worker_threads';
import type { Diagnostic } from '../diagnostics/types.ts';
import type { Capabilities, Integrity, TargetEnv, TargetSnapshot, TargetStats } from './contract.ts';
import { redactUrl } from './registry.ts';
import { stateFromText, stateWithText } from '../plan/state-text.ts';
import { unpackPieces, unpackText } from './text-crossing.ts';
import type { PackedText } from './text-crossing.ts';

/** The snapshot, what the target holds, and its identity (for the plan file). `integrity`: the
 *  store's own verification, when asked for and the target verifies; it settles after the
 *  snapshot (the worker verifies while the main thread plans). */
export type ReadResult =
  | { readonly ok: true; readonly snapshot: TargetSnapshot; readonly capabilities: Capabilities; readonly identity: string; readonly stats?: TargetStats; readonly integrity?: Promise<Integrity> }
  | { readonly ok: false; readonly diagnostic: Diagnostic };

export interface BackgroundRead {
  readonly result: Promise<ReadResult>;
  /** Stop the worker when its answer is no longer wanted (the policy has errors). */
  cancel(): Promise<void>;
  /** The answer is in: stop the worker, once any verification it still runs has answered. */
  release(): Promise<void>;
}

// The worker's file has this module's extension: .ts when Node runs the source, .js in the
// compiled package (dist/), where rewriteRelativeImportExtensions does not reach URL strings.
const WORKER = new URL(`./read-worker${import.meta.url.slice(import.meta.url.lastIndexOf('.'))}`, import.meta.url);
// The thread starts from this line of JavaScript, which turns on the compile cache before the
// worker's first module loads: started from read-worker.ts itself, the thread must first strip
// that file's types, loading the type stripper (~70 ms of the read at every run).
const BOOT = `import('node:module').then((m) => { m.enableCompileCache?.(); return import(${JSON.stringify(WORKER.href)}); });`;

const WORKER_YOUNG_MB = 32;

export type WorkerMessage =
  | { ok: true; text: PackedText; rest: string; capabilities: Capabilities; identity: string; stats?: TargetStats; verifying: boolean }
  | { ok: false; diagnostic: Diagnostic }
  | { integrity: Integrity };

/** `verify`: also run the store's own verification (HistoryStore.verify, for `plan`), on the
 *  worker's connection, after the read (`integrity`). `keepText`: the state keeps the text it
 *  crossed as (heldText), for an apply that predicts its fingerprint from it (plan/predict.ts);
 *  `plan` lets it go. */
export function readInBackground(url: string, env: TargetEnv, verify = false, keepText = false): BackgroundRead {
  // The young generation of this thread is capped whatever flags the process has (bin/permctl.js
  // caps the semi-spaces at 8 MB; without it V8 sizes them from the machine's memory). This
  // thread is off the main thread's path, but shares the two cores with it and with the garbage
  // collector, and every fresh page costs: at 50,000 users 32 MB instead of 96 MB made plan ~5%
  // faster (6 interleaved runs; 23 MB less peak RSS), and no slower at 200,000; 16 MB was
  // slower there. Under the bin's 8 MB semi-spaces, 12, 32 and 48 MB measured the same.
  const worker = new Worker(BOOT, { eval: true, workerData: { url, env: { cwd: env.cwd, env: { ...env.env } }, verify }, resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_MB } });
  const failure = (e: Error): string => e.message.split(url).join(redactUrl(url));
  let settleIntegrity: ((i: Integrity) => void) | undefined;
  const integrity = new Promise<Integrity>((resolve) => (settleIntegrity = resolve));
  let verifying = false;
  const result = new Promise<ReadResult>((resolve) => {
    worker.on('message', (m: WorkerMessage) => {
      if ('integrity' in m) return settleIntegrity?.(m.integrity);
      if (!m.ok) return resolve(m);
      verifying = m.verifying;
      resolve({ ok: true, snapshot: { state: keepText ? stateWithText(unpackText(m.text)) : stateFromText(unpackPieces(m.text)), ...(JSON.parse(m.rest) as Omit<TargetSnapshot, 'state'>) }, capabilities: m.capabilities, identity: m.identity, ...(m.stats ? { stats: m.stats } : {}), ...(m.verifying ? { integrity } : {}) });
    });
    worker.once('error', (e: Error) => {
      resolve({ ok: false, diagnostic: { code: 'PC606', severity: 'error', args: { target: redactUrl(url), reason: failure(e) } } });
      settleIntegrity?.({ ok: false, reason: failure(e) });
    });
    // A worker that ends without a word (terminated, or out of memory) still settles both.
    worker.once('exit', () => {
      resolve({ ok: false, diagnostic: { code: 'PC606', severity: 'error', args: { target: redactUrl(url), reason: 'the reading thread stopped' } } });
      settleIntegrity?.({ ok: false, reason: 'the reading thread stopped before the store was verified' });
    });
  });
  const cancel = async (): Promise<void> => void (await worker.terminate());
  return {
    result,
    cancel,
    release: async () => {
      if (verifying) await integrity;
      await cancel();
    },
  };
}
