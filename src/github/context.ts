// Where a comment goes and with what: repository, pull request, token and API base, from the
// command's flags first, then the GitHub Actions environment (GITHUB_REPOSITORY,
// GITHUB_EVENT_PATH, GITHUB_TOKEN, GITHUB_API_URL). Returns a diagnostic instead of throwing.
import { readFileSync } from 'node:fs';
import type { Diagnostic } from '../diagnostics/types.ts';

export interface GithubContext {
  readonly owner: string;
  readonly repo: string;
  readonly pr: number;
  readonly token: string;
  readonly apiUrl: string;
}

export interface ContextFlags {
  readonly repo?: string;
  readonly pr?: number;
}

type Env = Readonly<Record<string, string | undefined>>;

const missing = (message: string, hint: string): Diagnostic => ({ code: 'PC701', severity: 'error', args: { message, hint } });

// The event file is GitHub's, but read defensively: pull_request, issue_comment and
// workflow_run events carry the number in different places.
function prFromEvent(path: string | undefined): number | undefined {
  if (path === undefined || path === '') return undefined;
  let event: unknown;
  try {
    event = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
  const e = event as { pull_request?: { number?: unknown }; issue?: { number?: unknown; pull_request?: unknown }; workflow_run?: { pull_requests?: { number?: unknown }[] }; number?: unknown };
  const candidates = [e.pull_request?.number, e.issue?.pull_request === undefined ? undefined : e.issue.number, e.workflow_run?.pull_requests?.[0]?.number];
  return candidates.find((n): n is number => Number.isSafeInteger(n) && (n as number) > 0);
}

const REPO = /^([A-Za-z0-9_.-]{1,100})\/([A-Za-z0-9_.-]{1,100})$/;

export function githubContext(flags: ContextFlags, env: Env): { ok: true; context: GithubContext } | { ok: false; diagnostic: Diagnostic } {
  const full = flags.repo ?? env.GITHUB_REPOSITORY;
  if (full === undefined || full === '') return { ok: false, diagnostic: missing('no repository to comment on', 'pass --repo OWNER/NAME, or run in GitHub Actions (GITHUB_REPOSITORY)') };
  const m = REPO.exec(full);
  if (m === null) return { ok: false, diagnostic: missing(`repository ${JSON.stringify(full)} is not OWNER/NAME`, 'for example --repo acme/contact-center-policy') };
  const pr = flags.pr ?? prFromEvent(env.GITHUB_EVENT_PATH);
  if (pr === undefined) return { ok: false, diagnostic: missing('no pull request number', 'pass --pr N, or run on a pull_request event (GITHUB_EVENT_PATH)') };
  const token = env.GITHUB_TOKEN;
  if (token === undefined || token === '') return { ok: false, diagnostic: missing('no token: GITHUB_TOKEN is not set', 'set env GITHUB_TOKEN: ${{ github.token }} on the step (it needs pull-requests: write)') };
  const apiUrl = env.GITHUB_API_URL === undefined || env.GITHUB_API_URL === '' ? 'https://api.github.com' : env.GITHUB_API_URL.replace(/\/+$/, '');
  return { ok: true, context: { owner: m[1] as string, repo: m[2] as string, pr, token, apiUrl } };
}
