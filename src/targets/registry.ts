// Target URLs → drivers. One line per driver; each is imported only when a URL of its scheme is
// used, so `permctl validate` never loads a database client or an SDK. A scheme listed without
// `load` is known but not built into this version (PC606 says so).
//
// Adding a target: a folder src/targets/NAME/ exporting a TargetDriver (contract.ts), one line
// below, and one call of describeTargetConformance (test/targets/conformance.ts).
import { isAbsolute, resolve } from 'node:path';
import type { Diagnostic } from '../diagnostics/types.ts';
import type { Opened, OpenedHistory, OpenOptions, TargetDriver, TargetEnv, TargetWatch } from './contract.ts';
import { redactUrl } from './redact.ts';

interface Entry {
  readonly schemes: readonly string[];
  readonly load?: () => Promise<TargetDriver>;
}

const DRIVERS: readonly Entry[] = [
  { schemes: ['sqlite'], load: async () => (await import('./sqlite/index.ts')).sqliteDriver },
  { schemes: ['postgres', 'postgresql'], load: async () => (await import('./postgres/index.ts')).postgresDriver },
  { schemes: ['connect'], load: async () => (await import('./connect/driver.ts')).connectDriver },
  { schemes: ['vcc'], load: async () => (await import('./vcc/driver.ts')).vccDriver },
];

/** The scheme of a URL, lower-cased, without the colon; undefined when there is none. */
export function schemeOf(url: string): string | undefined {
  return /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1]?.toLowerCase();
}

/** Removes secrets from a URL so it can be shown: the password of user:password@ and the
 *  value of password-like query parameters. Drivers' identity() is the canonical form; this is
 *  for URLs no driver parsed. */
export { redactUrl };

/** `sqlite:PATH` relative to `base` (the repository root for a target from permctl.yaml, the
 *  working directory for --target and PERMCTL_TARGET); other URLs unchanged. */
export function absoluteTargetUrl(url: string, base: string): string {
  if (schemeOf(url) !== 'sqlite' || url.startsWith('sqlite://')) return url;
  const path = url.slice('sqlite:'.length);
  return path === '' ? url : `sqlite:${isAbsolute(path) ? path : resolve(base, path)}`;
}

function unusable(url: string, reason: string): Diagnostic {
  return { code: 'PC606', severity: 'error', args: { target: redactUrl(url), reason } };
}

const KNOWN = DRIVERS.flatMap((d) => d.schemes.map((s) => `${s}:`)).join(', ');

export async function driverFor(url: string): Promise<{ readonly ok: true; readonly driver: TargetDriver } | { readonly ok: false; readonly diagnostic: Diagnostic }> {
  const scheme = schemeOf(url);
  const entry = scheme === undefined ? undefined : DRIVERS.find((d) => d.schemes.includes(scheme));
  if (entry === undefined) return { ok: false, diagnostic: unusable(url, `unknown target type; use one of ${KNOWN}`) };
  if (entry.load === undefined) return { ok: false, diagnostic: unusable(url, 'this target type is not available in this version of permctl; use sqlite:PATH') };
  return { ok: true, driver: await entry.load() };
}

/** Opens a target. `create: false` (plan, history, import) never creates anything. */
export async function openTarget(url: string, env: TargetEnv, opts: OpenOptions): Promise<Opened> {
  const d = await driverFor(url);
  if (!d.ok) return d;
  try {
    return await d.driver.open(url, env, opts);
  } catch (e) {
    return { ok: false, diagnostic: unusable(url, e instanceof Error ? e.message : String(e)) };
  }
}

/** A watch on the target at `url` (TargetDriver.watch), undefined when its driver has none. */
export async function watchTarget(url: string, env: TargetEnv): Promise<TargetWatch | undefined> {
  const d = await driverFor(url);
  return d.ok ? d.driver.watch?.(url, env) : undefined;
}

/** The identity of a URL (no secrets), without opening anything. */
export async function targetIdentity(url: string, env: TargetEnv): Promise<{ readonly ok: true; readonly identity: string } | { readonly ok: false; readonly diagnostic: Diagnostic }> {
  const d = await driverFor(url);
  if (!d.ok) return d;
  const id = d.driver.identity(url, env);
  return id.ok ? id : { ok: false, diagnostic: unusable(url, id.reason) };
}

/** A store as the history store of a live target (--history / `history:`). */
export async function openHistory(url: string, env: TargetEnv, opts: OpenOptions): Promise<OpenedHistory> {
  const d = await driverFor(url);
  if (!d.ok) return d;
  if (d.driver.openHistory === undefined) return { ok: false, diagnostic: unusable(url, 'this target cannot keep history; name a store (sqlite:PATH or postgres://…)') };
  try {
    return await d.driver.openHistory(url, env, opts);
  } catch (e) {
    return { ok: false, diagnostic: unusable(url, e instanceof Error ? e.message : String(e)) };
  }
}
