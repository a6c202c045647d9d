// Recording-archive semantics of 004_796ebaf054c3e6af.txt, shared by validation and the
// compiler. Role defaults: "Normal user: View Call Recordings No, View Outbound No, View Screen
// No, Delete No; Nominee user: Yes, Yes, No, No". Agents: "By default, agent users do not have
// access to Call Recordings. If enabled for your account, agents may be able to access call
// recordings, either all recordings in your account or just their own recordings."
import type { Settings } from './settings.ts';
import type { Recordings } from './types.ts';

export interface RecordingFlags {
  readonly viewCallRecordings: boolean;
  readonly viewOutboundCallRecordings: boolean;
  readonly viewScreenRecordings: boolean;
  readonly deleteCallRecordings: boolean;
}

const NONE: RecordingFlags = { viewCallRecordings: false, viewOutboundCallRecordings: false, viewScreenRecordings: false, deleteCallRecordings: false };

export function roleDefaults(role: NonNullable<Recordings['role']>, settings: Settings): RecordingFlags {
  switch (role) {
    case 'normal':
      return NONE;
    case 'nominee':
      return { ...NONE, viewCallRecordings: true, viewOutboundCallRecordings: true };
    case 'agent':
      return settings.agentRecordingAccess === 'none' ? NONE : { ...NONE, viewCallRecordings: true };
  }
}
