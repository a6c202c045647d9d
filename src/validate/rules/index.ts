// The semantic rules, in the order they run. Each is small and named; add new ones here.
import type { Rule } from './context.ts';
import { duplicateNames } from './duplicates.ts';
import { lineNumbers } from './lines.ts';
import { recordingPermissions } from './recordings.ts';
import { references } from './references.ts';
import { routingProfiles } from './routing.ts';
import { userAssignments } from './users.ts';
import { configTargets } from './targets.ts';

export const RULES: readonly Rule[] = [duplicateNames, references, userAssignments, routingProfiles, lineNumbers, recordingPermissions, configTargets];
