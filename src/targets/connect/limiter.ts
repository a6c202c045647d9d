// Client-side rate limiting: one token bucket per API operation, on an injected clock, so tests
// and the bench run an hour of API time in milliseconds and assert rates from the call log.
// Amazon Connect's default quotas (Service Quotas, "API rate limits"): 2 requests/s with a
// burst of 5 for most operations (writes, Search*), 10/s for List* and Describe*. Accounts
// raise them, and the quota is shared per account and region, so every figure is configurable.

export interface Clock {
  /** Milliseconds, monotone. */
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realClock: Clock = {
  now: () => performance.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export interface Quota {
  /** Requests per second, sustained. */
  readonly rate: number;
  /** Requests that may go at once after a quiet period. */
  readonly burst: number;
}

export interface Limits {
  readonly read: Quota;
  readonly write: Quota;
  /** Per-operation overrides, e.g. { SearchUsers: { rate: 5, burst: 5 } }. */
  readonly operations?: Readonly<Record<string, Quota>>;
}

export const DEFAULT_LIMITS: Limits = { read: { rate: 10, burst: 5 }, write: { rate: 2, burst: 5 } };

/** List* and Describe* have the higher default quota; Search* and every write the lower. */
export function quotaFor(op: string, limits: Limits): Quota {
  return limits.operations?.[op] ?? (/^(List|Describe)/.test(op) ? limits.read : limits.write);
}

/** Reservation-based token bucket: each acquire takes the earliest instant at which the bucket
 *  has a token and sleeps until then. Reservations are made synchronously, so concurrent
 *  callers are ordered and never exceed the quota together. */
export class RateLimiter {
  readonly #clock: Clock;
  readonly #limits: Limits;
  /** Per operation: the instant the bucket was last full-or-reserved up to, and tokens then. */
  readonly #buckets = new Map<string, { at: number; tokens: number }>();

  constructor(clock: Clock, limits: Limits) {
    this.#clock = clock;
    this.#limits = limits;
  }

  /** The instant (clock ms) the next request of `op` may go, reserved for the caller. */
  reserve(op: string): number {
    const { rate, burst } = quotaFor(op, this.#limits);
    const interval = 1000 / rate;
    const now = this.#clock.now();
    let b = this.#buckets.get(op);
    if (b === undefined) {
      b = { at: now, tokens: burst };
      this.#buckets.set(op, b);
    }
    // Refill from b.at up to now (never beyond the burst).
    if (now > b.at) {
      b.tokens = Math.min(burst, b.tokens + (now - b.at) / interval);
      b.at = now;
    }
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return b.at;
    }
    // Wait for the missing fraction of a token after b.at (which may lie in the future).
    const at = b.at + (1 - b.tokens) * interval;
    b.at = at;
    b.tokens = 0;
    return at;
  }

  /** Waits for the next slot of `op`; returns the slot (the instant the request may go). */
  async acquire(op: string): Promise<number> {
    const at = this.reserve(op);
    const wait = at - this.#clock.now();
    if (wait > 0) await this.#clock.sleep(wait);
    return at;
  }
}
