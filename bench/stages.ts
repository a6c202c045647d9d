// Per-stage timings, in-process: load, validate, compile, read the target, plan, render, apply.
// Each stage function is the one the CLI chains (src/pipeline.ts, src/run-plan.ts).
import { loadBuiltin } from '../src/catalog/builtin.ts';
import { compilePolicy } from '../src/compile/index.ts';
import { loadRepository } from '../src/load/index.ts';
import { nodeVfs } from '../src/load/vfs.ts';
import { desiredState, makePlan } from '../src/plan/index.ts';
import { STORE_CAPABILITIES } from '../src/plan/project.ts';
import { PLAN_RENDERERS } from '../src/render/plan/index.ts';
import { plain } from '../src/render/style.ts';
import { createSqliteTarget } from '../src/targets/sqlite/index.ts';
import { validateRepository } from '../src/validate/index.ts';

export type StageTimes = Record<string, number>;

async function timed<T>(times: StageTimes, name: string, fn: () => T | Promise<T>): Promise<T> {
  const start = performance.now();
  const result = await fn();
  times[name] = performance.now() - start;
  return result;
}

/** One pass of the pipeline against `store` (which holds the previous state). */
export async function stageTimes(repo: string, store: string, applyInto?: string): Promise<StageTimes> {
  const t: StageTimes = {};
  const builtin = await timed(t, 'builtin', () => loadBuiltin());
  const loaded = await timed(t, 'load', () => loadRepository(nodeVfs, repo));
  const validated = await timed(t, 'validate', () => validateRepository(loaded, builtin));
  const compiled = await timed(t, 'compile', () => compilePolicy(validated.model, validated.context.settings, builtin));
  const target = createSqliteTarget({ path: store, create: false });
  const current = await timed(t, 'read target', () => target.read());
  await target.close();
  const capabilities = STORE_CAPABILITIES;
  const { plan } = await timed(t, 'plan', () => makePlan(desiredState(compiled.policy), current, { target: `sqlite:${store}`, now: new Date(), gitCommit: null, unmanaged: 'report', maxRevokeRatio: 1, allowMassRevoke: true, capabilities, catalog: builtin.catalog, policyFingerprint: 'bench' }));
  await timed(t, 'render text', () => PLAN_RENDERERS.text(plan, { paint: plain }));
  await timed(t, 'render markdown', () => PLAN_RENDERERS.markdown(plan, { paint: plain }));
  await timed(t, 'render json', () => PLAN_RENDERERS.json(plan, { paint: plain }));
  if (applyInto !== undefined) {
    const fresh = createSqliteTarget({ path: applyInto, create: true });
    const empty = await fresh.read();
    const { plan: initial } = makePlan(desiredState(compiled.policy), empty, { target: `sqlite:${applyInto}`, now: new Date(), gitCommit: null, unmanaged: 'report', maxRevokeRatio: 1, allowMassRevoke: true, capabilities, catalog: builtin.catalog, policyFingerprint: 'bench' });
    await timed(t, 'apply (initial)', () => fresh.apply(initial, { meta: { actor: 'bench', gitCommit: null, planHash: 'bench', now: new Date() } }));
    await fresh.close();
  }
  return t;
}
