// Worker-thread entry: open a target, read its state and fingerprint, post them back. Lets
// `plan` read the store on the second core while the main thread loads and compiles the policy.
import { parentPort, workerData } from 'node:worker_threads';
import { openTarget } from './resolve.ts';

const opened = openTarget(String(workerData));
if (!opened.ok) {
  parentPort?.postMessage({ ok: false, diagnostic: opened.diagnostic });
} else {
  try {
    // As one JSON string: the main thread parses it faster than it deserialises a structured
    // clone of 50,000 user objects, and this thread pays for the stringify.
    parentPort?.postMessage({ ok: true, json: JSON.stringify(await opened.target.read()), holds: [...opened.target.holds] });
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    parentPort?.postMessage({ ok: false, diagnostic: { code: 'PC606', severity: 'error', args: { target: opened.target.displayUrl, reason } } });
  } finally {
    await opened.target.close();
  }
}
