// The Octokit client: @octokit/rest with the retry plugin (server errors and abuse limits are
// retried with backoff; 4xx are not) and the throttling plugin (requests queued to GitHub's
// limits, a rate-limited request retried twice). Only loaded by `permctl comment`.
// Plugins as documented in octokit/plugin-retry.js and octokit/plugin-throttling.js READMEs.
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { Octokit } from '@octokit/rest';

// Typed as plain Octokit: the plugins add options, not methods, and the declaration file stays
// nameable.
const PermctlOctokit: typeof Octokit = Octokit.plugin(retry, throttling);
export type Client = Octokit;

export interface ClientOptions {
  readonly token: string;
  readonly baseUrl: string;
  readonly userAgent: string;
  /** Retries of a 5xx answer (tests set 0 for speed). */
  readonly retries?: number;
}

const RATE_LIMIT_RETRIES = 2;

export function makeClient(opts: ClientOptions): Client {
  return new PermctlOctokit({
    auth: opts.token,
    baseUrl: opts.baseUrl,
    userAgent: opts.userAgent,
    // Octokit logs warnings (deprecations, retries) to the console by default; permctl reports
    // failures itself, with the token never in them.
    log: { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined },
    retry: { retries: opts.retries ?? 3 },
    throttle: {
      onRateLimit: (_after: number, _o: unknown, _k: unknown, count: number) => count < RATE_LIMIT_RETRIES,
      onSecondaryRateLimit: (_after: number, _o: unknown, _k: unknown, count: number) => count < RATE_LIMIT_RETRIES,
    },
  });
}
