// The compiled policy: what every profile grants and every user can do, and why.
import type { Risk } from '../catalog/catalog.ts';
import type { Origin } from '../diagnostics/types.ts';
import type { Settings } from '../model/settings.ts';
import type { Line, Queue, RoutingProfile } from '../model/types.ts';

/** Why a profile holds a permission. */
export type Reason =
  | { readonly type: 'declared' } // listed in the repository's profile
  | { readonly type: 'default-profile' } // listed in a built-in default profile
  | { readonly type: 'extends'; readonly profile: string } // inherited from a parent profile
  | { readonly type: 'implied'; readonly by: string; readonly rule: string }; // added by a dependency rule

export interface CompiledProfile {
  readonly name: string;
  readonly source: 'repository' | 'builtin';
  readonly origin?: Origin;
  readonly description?: string;
  readonly extends: readonly string[];
  /** Declared permissions the catalog knows, sorted. */
  readonly declared: readonly string[];
  /** `exact: true` in the repository: the dependency rules add nothing to this profile. */
  readonly exact?: boolean;
  /** Every permission the profile grants, sorted by name, each with its reasons. */
  readonly permissions: ReadonlyMap<string, readonly Reason[]>;
}

/** The access of one combination of profiles; users with the same profiles share it. */
export interface AccessSet {
  readonly profiles: readonly string[];
  /** Sorted permission names. */
  readonly permissions: readonly string[];
  readonly has: ReadonlySet<string>;
  /** For each permission, the user's profiles that grant it. */
  readonly via: ReadonlyMap<string, readonly string[]>;
}

export interface EffectiveRecordings {
  readonly role: 'normal' | 'nominee' | 'agent';
  readonly viewCallRecordings: boolean;
  readonly viewOutboundCallRecordings: boolean;
  readonly viewScreenRecordings: boolean;
  readonly deleteCallRecordings: boolean;
  /** lines: the listed lines; own: the agent's own recordings; all: every line. */
  readonly scope: 'lines' | 'own' | 'all' | 'none';
  readonly lines: readonly string[];
  /** Conversation Analyzer transcripts follow recording access. */
  readonly transcripts: boolean;
  /** What deleting a recording deletes with it. */
  readonly deleteAlso: readonly string[];
}

export interface CompiledUser {
  readonly login: string;
  readonly name?: string;
  readonly securityProfiles: readonly string[];
  readonly routingProfile?: string;
  readonly hierarchy?: string;
  readonly origin: Origin;
  readonly access: AccessSet;
  readonly recordings?: EffectiveRecordings;
}

export interface CompiledPolicy {
  readonly instance: string;
  readonly settings: Settings;
  /** Sorted by name. */
  readonly profiles: ReadonlyMap<string, CompiledProfile>;
  /** Sorted by login. */
  readonly users: readonly CompiledUser[];
  readonly routingProfiles: readonly RoutingProfile[];
  readonly queues: readonly Queue[];
  readonly lines: readonly Line[];
}

export type { Risk };
