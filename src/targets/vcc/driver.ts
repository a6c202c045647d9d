// The `vcc:` driver: `vcc://REGION` (emea, nam, apac) → the real target, over Node's own fetch.
// Credentials come from PERMCTL_VCC_CLIENT_ID / PERMCTL_VCC_CLIENT_SECRET; PERMCTL_VCC_API_URL
// (the …/useradmin base) and PERMCTL_VCC_TOKEN_URL override the regional URLs (tests, private
// deployments); PERMCTL_VCC_MAX_RPS the request rate (default 10 a second: VCC publishes a
// fair-usage limit without a number). The identity is 'vcc://REGION': no credentials, no
// overridden URL.
import type { Opened, OpenOptions, TargetDriver, TargetEnv } from '../contract.ts';
import { bindVcc } from './bind.ts';
import { createVccTarget } from './index.ts';

export const VCC_REGIONS = ['emea', 'nam', 'apac'] as const;

type Parsed = { readonly ok: true; readonly region: string } | { readonly ok: false; readonly reason: string };

function parse(url: string): Parsed {
  const m = /^vcc:\/\/([^/?#]*)\/?$/i.exec(url);
  const region = m?.[1]?.toLowerCase();
  if (region === undefined || region === '') return { ok: false, reason: 'give a region: vcc://emea, vcc://nam or vcc://apac' };
  if (!(VCC_REGIONS as readonly string[]).includes(region)) return { ok: false, reason: `unknown region "${region}"; use emea, nam or apac` };
  return { ok: true, region };
}

function httpUrl(value: string | undefined, name: string, fallback: string): { ok: true; url: string } | { ok: false; reason: string } {
  if (value === undefined || value === '') return { ok: true, url: fallback };
  try {
    const u = new URL(value);
    if (u.protocol === 'https:' || u.protocol === 'http:') return { ok: true, url: value };
  } catch {
    // reported below
  }
  return { ok: false, reason: `${name} is not an http(s) URL` };
}

const fail = (target: string, reason: string): Opened => ({ ok: false, diagnostic: { code: 'PC606', severity: 'error', args: { target, reason } } });

async function open(url: string, env: TargetEnv, opts: OpenOptions): Promise<Opened> {
  const p = parse(url);
  if (!p.ok) return fail(url.split('?')[0] ?? url, p.reason);
  const identity = `vcc://${p.region}`;
  const clientId = env.env.PERMCTL_VCC_CLIENT_ID;
  const clientSecret = env.env.PERMCTL_VCC_CLIENT_SECRET;
  if (!clientId || !clientSecret) return fail(identity, 'set PERMCTL_VCC_CLIENT_ID and PERMCTL_VCC_CLIENT_SECRET (API credentials with the users:read scope, users:write to apply)');
  const api = httpUrl(env.env.PERMCTL_VCC_API_URL, 'PERMCTL_VCC_API_URL', `https://${p.region}.api.newvoicemedia.com/useradmin`);
  if (!api.ok) return fail(identity, api.reason);
  const token = httpUrl(env.env.PERMCTL_VCC_TOKEN_URL, 'PERMCTL_VCC_TOKEN_URL', `https://${p.region}.cc.vonage.com/Auth/connect/token`);
  if (!token.ok) return fail(identity, token.reason);
  const rps = env.env.PERMCTL_VCC_MAX_RPS === undefined || env.env.PERMCTL_VCC_MAX_RPS === '' ? 10 : Number(env.env.PERMCTL_VCC_MAX_RPS);
  if (!(rps > 0 && rps <= 1000)) return fail(identity, 'PERMCTL_VCC_MAX_RPS must be a number of requests a second, above 0 and at most 1000');
  const limits = { minIntervalMs: 1000 / rps };
  return Promise.resolve({ ok: true, target: createVccTarget({ identity, fetch: (input, init) => fetch(input, init), apiUrl: api.url, tokenUrl: token.url, clientId, clientSecret, write: opts.create, limits }) });
}

export const vccDriver: TargetDriver = {
  schemes: ['vcc'],
  identity(url) {
    const p = parse(url);
    return p.ok ? { ok: true, identity: `vcc://${p.region}` } : { ok: false, reason: p.reason };
  },
  open,
  bind: bindVcc,
};
