// What Amazon Connect needs for a user permctl creates beyond what the Users files say: the
// phone settings (CreateUser's PhoneConfig is required) and where the user's email comes from
// (IdentityInfo.Email, required when Amazon Connect or SAML manages identities). They come from
// permctl.yaml `connect.userDefaults`, validated by schemas/permctl.schema.json; without them a
// plan that creates a user in a connect:// target stops at planning (PC660, at the first such
// user), so nothing is half-applied for want of a setting. Cheap to import: no AWS SDK here.
//
// CreateUser: https://docs.aws.amazon.com/connect/latest/APIReference/API_CreateUser.html
// (PhoneConfig required; "Email, FirstName and LastName are required if you are using Amazon
// Connect or SAML for identity management"; a password only for Connect-managed identities,
// which permctl never handles).
import type { Diagnostic } from '../../diagnostics/types.ts';
import type { BindInput, Bound } from '../contract.ts';

export interface UserDefaults {
  readonly phoneType: 'SOFT_PHONE' | 'DESK_PHONE';
  readonly deskPhoneNumber?: string;
  readonly autoAccept: boolean;
  readonly afterContactWorkTimeLimit: number;
  readonly emailDomain?: string;
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** `connect.userDefaults` of a permctl.yaml value, or undefined when absent. The schema has
 *  checked it already; anything else is read as absent. */
export function userDefaultsOf(config: Readonly<Record<string, unknown>> | undefined): UserDefaults | undefined {
  const connect = config?.connect;
  const d = isObject(connect) ? connect.userDefaults : undefined;
  if (!isObject(d) || (d.phoneType !== 'SOFT_PHONE' && d.phoneType !== 'DESK_PHONE')) return undefined;
  if (d.phoneType === 'DESK_PHONE' && typeof d.deskPhoneNumber !== 'string') return undefined;
  return {
    phoneType: d.phoneType,
    ...(typeof d.deskPhoneNumber === 'string' ? { deskPhoneNumber: d.deskPhoneNumber } : {}),
    autoAccept: d.autoAccept === true,
    afterContactWorkTimeLimit: typeof d.afterContactWorkTimeLimit === 'number' ? d.afterContactWorkTimeLimit : 0,
    ...(typeof d.emailDomain === 'string' ? { emailDomain: d.emailDomain } : {}),
  };
}

/** The email of a user permctl creates: the login when it is an email address, else
 *  LOGIN@emailDomain, else none. */
export function emailFor(login: string, d: UserDefaults): string | undefined {
  if (/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(login)) return login;
  return d.emailDomain === undefined ? undefined : `${login}@${d.emailDomain}`;
}

/** The connect:// driver's bind: states unchanged; PC660 at the first repository user the plan
 *  would create when permctl.yaml gives no `connect.userDefaults` (one error, with the count:
 *  a first import of 50,000 users must not print 50,000 lines). */
export function bindConnect(input: BindInput): Bound {
  const diagnostics: Diagnostic[] = [];
  if (userDefaultsOf(input.config?.value) === undefined) {
    const held = new Set(input.current.users.map((u) => u.login));
    const created = input.desired.users.filter((u) => !held.has(u.login));
    const first = created[0];
    if (first !== undefined) {
      const args = { target: input.target, login: first.login, count: created.length };
      const at = input.userOrigins?.get(first.login);
      const config = input.config?.origin;
      diagnostics.push({
        code: 'PC660',
        severity: 'error',
        ...(at ? { file: at.file, doc: at.doc, path: at.path } : {}),
        ...(config ? { related: { file: config.file, doc: config.doc, path: config.path } } : {}),
        args,
      });
    }
  }
  return { desired: input.desired, current: input.current, diagnostics };
}
