// `connect://INSTANCE_ID?region=R[&readRate=N&writeRate=N&burst=N&concurrency=N]`. The identity
// is the instance and its region only: rates are how we talk to it, not which instance it is.
// Credentials never appear in the URL; they come from the SDK's default chain.

export interface ConnectUrl {
  readonly instanceId: string;
  /** Absent: the SDK's chain decides (AWS_REGION, profile). */
  readonly region: string | undefined;
  readonly limits: LimitOverrides;
  readonly concurrency: number | undefined;
}

export interface LimitOverrides {
  readonly readRate?: number;
  readonly writeRate?: number;
  readonly burst?: number;
}

const INSTANCE_ID = /^[A-Za-z0-9-]{1,100}$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;
const NUMERIC = new Set(['readRate', 'writeRate', 'burst', 'concurrency']);

export type ParsedConnectUrl = { readonly ok: true; readonly url: ConnectUrl } | { readonly ok: false; readonly reason: string };

export function parseConnectUrl(raw: string): ParsedConnectUrl {
  if (/^connect:\/\/[^/?#]*@/i.test(raw)) return { ok: false, reason: 'credentials do not belong in a connect:// URL; permctl takes them from the AWS SDK\'s default chain (environment, shared config, SSO, roles)' };
  const m = /^connect:\/\/([^?#/]*)\/?(?:\?([^#]*))?$/.exec(raw);
  if (!m) return { ok: false, reason: 'write connect://INSTANCE_ID?region=REGION' };
  const instanceId = decodeURIComponent(m[1] ?? '');
  if (!INSTANCE_ID.test(instanceId)) return { ok: false, reason: 'the instance id is 1–100 letters, digits and dashes: connect://INSTANCE_ID?region=REGION' };
  const params = new URLSearchParams(m[2] ?? '');
  let region: string | undefined;
  const numbers: Record<string, number> = {};
  for (const [key, value] of params) {
    if (key === 'region') {
      if (!REGION.test(value)) return { ok: false, reason: `"${value}" is not an AWS region (e.g. eu-west-1)` };
      region = value;
    } else if (NUMERIC.has(key)) {
      const n = Number(value);
      if (!Number.isFinite(n) || n <= 0 || n > 10_000) return { ok: false, reason: `${key} must be a positive number, got "${value}"` };
      numbers[key] = n;
    } else {
      return { ok: false, reason: `unknown parameter "${key}"; known: region, readRate, writeRate, burst, concurrency` };
    }
  }
  const { readRate, writeRate, burst, concurrency } = numbers;
  return {
    ok: true,
    url: {
      instanceId,
      region,
      limits: { ...(readRate !== undefined ? { readRate } : {}), ...(writeRate !== undefined ? { writeRate } : {}), ...(burst !== undefined ? { burst } : {}) },
      concurrency: concurrency === undefined ? undefined : Math.floor(concurrency),
    },
  };
}

/** The canonical identity: what a plan file records and a saved plan is compared against. */
export function connectIdentity(instanceId: string, region: string | undefined): string {
  return `connect://${instanceId}${region === undefined ? '' : `?region=${region}`}`;
}
