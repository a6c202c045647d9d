// The policy model: every validated document of the repository, flattened into lists of
// plain values, each carrying the Origin it was read from so later stages can point at it.
import type { Origin } from '../diagnostics/types.ts';
import type { Rule as GuardrailRuleDoc, Guardrail } from '../types/generated/guardrail.ts';
import type { Lines } from '../types/generated/lines.ts';
import type { PermctlConfig } from '../types/generated/permctl-config.ts';
import type { Queues } from '../types/generated/queues.ts';
import type { RoutingProfile } from '../types/generated/routing-profile.ts';
import type { SecurityProfile } from '../types/generated/security-profile.ts';
import type { Recordings, User } from '../types/generated/users.ts';

export type { GuardrailRuleDoc, Guardrail, PermctlConfig, Recordings, RoutingProfile, SecurityProfile };
export type Line = Lines['lines'][number];
export type Queue = Queues['queues'][number];

export interface Sourced<T> {
  readonly value: T;
  readonly origin: Origin;
}

export type UserField = 'securityProfiles' | 'routingProfile' | 'hierarchy' | 'recordings';

/** A user with the file's defaults applied. `inherited` names the fields taken from defaults,
 *  and `defaultsOrigin` says where those defaults are, so diagnostics point at them. */
export interface ResolvedUser extends Sourced<User> {
  readonly inherited: readonly UserField[];
  readonly defaultsOrigin: Origin;
}

export interface PolicyModel {
  readonly config: Sourced<PermctlConfig> | undefined;
  readonly profiles: readonly Sourced<SecurityProfile>[];
  readonly users: readonly ResolvedUser[];
  readonly lines: readonly Sourced<Line>[];
  readonly queues: readonly Sourced<Queue>[];
  readonly routingProfiles: readonly Sourced<RoutingProfile>[];
  readonly guardrails: readonly Sourced<Guardrail>[];
}

/** Where a user's field is written: on the user, or in the file's defaults. */
export function fieldOrigin(user: ResolvedUser, field: UserField): Origin {
  return user.inherited.includes(field)
    ? { ...user.defaultsOrigin, path: [...user.defaultsOrigin.path, field] }
    : { ...user.origin, path: [...user.origin.path, field] };
}
