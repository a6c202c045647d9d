// `connect://INSTANCE_ID?region=R`: the driver the registry lists. Cheap to import: the AWS SDK
// and the adapter load only when a connect:// target is opened.
//
// Credentials, region and endpoint come from the SDK's default chain: environment, shared
// config/credentials files, SSO, container and instance roles; the endpoint from
// AWS_ENDPOINT_URL_CONNECT or AWS_ENDPOINT_URL ("service-specific endpoints", read by the SDK's
// own config loader — test/targets/connect/http.test.ts checks it). permctl never sees, prints
// or records a secret: the identity is the instance and region only.
import type { Opened, OpenOptions, TargetDriver, TargetEnv } from '../contract.ts';
import { redactUrl } from '../registry.ts';
import { connectIdentity, parseConnectUrl } from './url.ts';
import type { ConnectUrl } from './url.ts';
import { DEFAULT_LIMITS } from './limiter.ts';
import type { Limits } from './limiter.ts';
import { bindConnect, userDefaultsOf } from './user-defaults.ts';

/** The URL's rate overrides on top of Amazon Connect's default quotas. */
export function limitsFor(url: ConnectUrl): Limits {
  const { readRate, writeRate, burst } = url.limits;
  return {
    read: { rate: readRate ?? DEFAULT_LIMITS.read.rate, burst: burst ?? DEFAULT_LIMITS.read.burst },
    write: { rate: writeRate ?? DEFAULT_LIMITS.write.rate, burst: burst ?? DEFAULT_LIMITS.write.burst },
  };
}

/** SDK attempts per request (the first one included) before permctl's own retry takes over. */
export const SDK_MAX_ATTEMPTS = 5;

export const connectDriver: TargetDriver = {
  schemes: ['connect'],
  identity(url) {
    const parsed = parseConnectUrl(url);
    return parsed.ok ? { ok: true, identity: connectIdentity(parsed.url.instanceId, parsed.url.region) } : { ok: false, reason: parsed.reason };
  },
  bind: bindConnect,
  async open(url: string, _env: TargetEnv, opts?: OpenOptions): Promise<Opened> {
    const parsed = parseConnectUrl(url);
    const fail = (reason: string): Opened => ({ ok: false, diagnostic: { code: 'PC606', severity: 'error', args: { target: redactUrl(url), reason } } });
    if (!parsed.ok) return fail(parsed.reason);
    const u = parsed.url;
    try {
      const [{ ConnectClient }, { createConnectTarget }, { loadBuiltin }, { permissionNames }] = await Promise.all([import('@aws-sdk/client-connect'), import('./target.ts'), import('../../catalog/builtin.ts'), import('./permissions.ts')]);
      const client = new ConnectClient({ ...(u.region !== undefined ? { region: u.region } : {}), maxAttempts: SDK_MAX_ATTEMPTS });
      const catalog = loadBuiltin().catalog;
      // permctl.yaml `connect.userDefaults`: what CreateUser needs (apply of a repository).
      const userDefaults = userDefaultsOf(opts?.config);
      const target = createConnectTarget({
        client,
        instanceId: u.instanceId,
        ...(u.region !== undefined ? { region: u.region } : {}),
        limits: limitsFor(u),
        ...(u.concurrency !== undefined ? { concurrency: u.concurrency } : {}),
        isKnownPermission: (name) => catalog.permissions.has(name),
        names: permissionNames(catalog),
        ...(userDefaults !== undefined ? { userDefaults } : {}),
      });
      return { ok: true, target };
    } catch (e) {
      return fail(e instanceof Error ? e.message : String(e));
    }
  },
};
