// The one door to Amazon Connect: every request passes a per-operation rate limiter, is counted,
// and is retried on throttling. The SDK retries throttled requests itself (its standard retry
// strategy); a middleware placed after its retry step makes each retry wait for the limiter too,
// so retries never push an operation over its quota. On top of that, a request still throttled
// after the SDK gave up is retried here with backoff on the injected clock.
//
// The wrapper is an object whose prototype is the client: the SDK's paginators accept it
// (they check `instanceof ConnectClient`) and send through our `send`.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { ConnectClient, ConnectClientResolvedConfig, ServiceInputTypes, ServiceOutputTypes } from '@aws-sdk/client-connect';
import type { Command, FinalizeHandlerArguments, FinalizeRequestMiddleware, HandlerExecutionContext } from '@smithy/types';
import type { TargetStats } from '../contract.ts';
import type { Clock, Limits } from './limiter.ts';
import { RateLimiter } from './limiter.ts';

// The resolved config type the client's send() expects; taken from the client so we need not
// import smithy internals.
export type ConnectCommand<I extends ServiceInputTypes, O extends ServiceOutputTypes> = Command<ServiceInputTypes, I, ServiceOutputTypes, O, ConnectClientResolvedConfig>;

export interface ApiOptions {
  readonly clock: Clock;
  readonly limits: Limits;
  /** Retries here after the SDK's own ones gave up on a throttled request. */
  readonly throttleRetries?: number;
  /** Tests and bench only: stamp each attempt with the instant the limiter released it (header
   *  x-permctl-clock), so a local server logs requests on the simulated clock. A request that
   *  bypassed the limiter would carry no stamp of its own. */
  readonly stampClock?: boolean;
}

export interface ConnectApi {
  /** A ConnectClient for the SDK's paginators, sending through `send` below. */
  readonly client: ConnectClient;
  send<I extends ServiceInputTypes, O extends ServiceOutputTypes>(command: ConnectCommand<I, O>): Promise<O>;
  stats(): TargetStats;
}

interface ErrorLike {
  readonly name?: string;
  readonly $metadata?: { readonly httpStatusCode?: number };
  readonly $retryable?: { readonly throttling?: boolean };
}

export function isThrottling(e: unknown): boolean {
  if (e === null || typeof e !== 'object') return false;
  const err = e as ErrorLike;
  return err.$metadata?.httpStatusCode === 429 || err.name === 'ThrottlingException' || err.name === 'TooManyRequestsException' || err.$retryable?.throttling === true;
}

type Middleware = FinalizeRequestMiddleware<ServiceInputTypes, ServiceOutputTypes>;

const ATTEMPT = /attempt=(\d+)/;

export function opName(command: object): string {
  return command.constructor.name.replace(/Command$/, '');
}

export function createApi(client: ConnectClient, opts: ApiOptions): ConnectApi {
  const limiter = new RateLimiter(opts.clock, opts.limits);
  const calls: Record<string, number> = {};
  let throttled = 0;
  const counted = new WeakSet<object>();
  const retries = opts.throttleRetries ?? 6;
  // The slot the limiter gave the request being sent, for the middleware's first attempt.
  const released = new AsyncLocalStorage<number>();

  // Per HTTP attempt (finalizeRequest, low priority: inside the SDK's retry loop). A mocked
  // client (aws-sdk-client-mock replaces send) never reaches it; `send` below covers that case.
  const perAttempt: Middleware = (next, context: HandlerExecutionContext) => async (args: FinalizeHandlerArguments<ServiceInputTypes>) => {
      const req = args.request as { headers?: Record<string, string> };
      const attempt = Number(ATTEMPT.exec(req.headers?.['amz-sdk-request'] ?? '')?.[1] ?? '1');
      const op = typeof context.commandName === 'string' ? context.commandName.replace(/Command$/, '') : 'unknown';
      const slot = attempt > 1 ? await limiter.acquire(op) : released.getStore();
      if (opts.stampClock === true && req.headers) req.headers['x-permctl-clock'] = slot === undefined ? 'none' : String(slot);
      try {
        return await next(args);
      } catch (e) {
        if (isThrottling(e)) {
          throttled += 1;
          if (typeof e === 'object' && e !== null) counted.add(e);
        }
        throw e;
      }
    };
  client.middlewareStack.addRelativeTo(perAttempt, { name: 'permctlRateLimit', relation: 'after', toMiddleware: 'retryMiddleware', override: true });

  async function send<I extends ServiceInputTypes, O extends ServiceOutputTypes>(command: ConnectCommand<I, O>): Promise<O> {
    const op = opName(command);
    for (let attempt = 0; ; attempt += 1) {
      const slot = await limiter.acquire(op);
      calls[op] = (calls[op] ?? 0) + 1;
      try {
        return await released.run(slot, () => client.send(command));
      } catch (e) {
        if (!isThrottling(e) || attempt >= retries) throw e;
        if (typeof e === 'object' && e !== null && !counted.has(e)) throttled += 1;
        await opts.clock.sleep(Math.min(20_000, 500 * 2 ** attempt));
      }
    }
  }

  const wrapper = Object.create(client) as ConnectClient & { send: typeof send };
  Object.defineProperty(wrapper, 'send', { value: send });
  return { client: wrapper, send, stats: () => ({ calls: { ...calls }, throttled }) };
}
