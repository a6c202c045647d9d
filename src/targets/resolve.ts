// Target URLs → adapters. `sqlite:PATH` is relative to `base` (the repository root for a target
// from permctl.yaml, the working directory for --target and PERMCTL_TARGET) and recorded
// absolute, so a saved plan applies to the store it was made against.
import { isAbsolute, resolve } from 'node:path';
import type { Diagnostic } from '../diagnostics/types.ts';
import { openSqliteTarget } from './sqlite/index.ts';
import type { Target } from './types.ts';
import { redactUrl } from './redact.ts';

export type Opened = { readonly ok: true; readonly target: Target } | { readonly ok: false; readonly diagnostic: Diagnostic };

export { redactUrl };

export function absoluteTargetUrl(url: string, base: string): string {
  if (!url.startsWith('sqlite:')) return url;
  const path = url.slice('sqlite:'.length);
  return `sqlite:${isAbsolute(path) ? path : resolve(base, path)}`;
}

function fail(url: string, reason: string): Opened {
  return { ok: false, diagnostic: { code: 'PC606', severity: 'error', args: { target: redactUrl(url), reason } } };
}

export function openTarget(url: string): Opened {
  if (url.startsWith('sqlite:')) {
    const path = url.slice('sqlite:'.length);
    if (path === '') return fail(url, 'give a file path: sqlite:PATH');
    try {
      return { ok: true, target: openSqliteTarget(path) };
    } catch (e) {
      return fail(url, e instanceof Error ? e.message : String(e));
    }
  }
  if (/^(postgres|postgresql|connect|vcc):/.test(url)) return fail(url, 'this target type is not available in this version of permctl; use sqlite:PATH');
  return fail(url, 'unknown target type; use sqlite:PATH');
}
