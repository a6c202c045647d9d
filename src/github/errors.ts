// A failed GitHub request as a diagnostic: the request, the status and the API's own reason
// on one line, with the token removed wherever it might have been echoed.
import type { Diagnostic } from '../diagnostics/types.ts';
import { statusOf } from './sticky.ts';

const HINTS: Readonly<Record<number, string>> = {
  401: 'the token is invalid or expired; check GITHUB_TOKEN',
  403: 'the token may lack permission: the workflow needs `permissions: pull-requests: write`',
  404: 'check --repo and --pr, and that the token can see the repository',
  422: 'GitHub rejected the comment body',
};

export function apiFailure(e: unknown, token: string): Diagnostic {
  const status = statusOf(e);
  const err = e as { message?: unknown; request?: { method?: unknown; url?: unknown } };
  let path: string;
  try {
    path = typeof err.request?.url === 'string' ? new URL(err.request.url).pathname : '';
  } catch {
    path = '';
  }
  const request = `${typeof err.request?.method === 'string' ? err.request.method : 'request'} ${path}`.trim();
  const clean = (s: string): string => (token === '' ? s : s.split(token).join('***')).replace(/\s+/g, ' ').trim().slice(0, 500);
  const reason = clean(typeof err.message === 'string' ? err.message : String(e));
  const hint = status === 403 && path === '/user' ? 'the token cannot read its own login; pass --author LOGIN (who writes the comments)' : status === undefined ? undefined : HINTS[status];
  return { code: 'PC700', severity: 'error', args: { request: clean(request), status: status ?? 'no answer', reason, ...(hint === undefined ? {} : { hint }) } };
}
