// Instance settings of permctl.yaml with their defaults filled in.
import type { PolicyModel } from './types.ts';

export interface Settings {
  readonly screenRecordings: boolean;
  readonly conversationAnalyzer: boolean;
  readonly agentRecordingAccess: 'none' | 'own' | 'all';
}

export function settingsOf(model: PolicyModel): Settings {
  const s = model.config?.value.settings ?? {};
  return {
    screenRecordings: s.screenRecordings ?? false,
    conversationAnalyzer: s.conversationAnalyzer ?? false,
    agentRecordingAccess: s.agentRecordingAccess ?? 'none',
  };
}
