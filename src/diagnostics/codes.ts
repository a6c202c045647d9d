// Every diagnostic code permctl can emit, with its default severity and a one-line title.
// Codes are stable: never renumber or reuse one. docs/diagnostics.md is generated from this
// table (a test fails when it is stale). Ranges: PC1xx reading YAML, PC2xx schema, PC3xx
// references, PC4xx semantic rules, PC5xx compiler advisories and guardrails, PC6xx plan
// and apply, PC9xx command usage.
import type { Severity } from './types.ts';

export interface CodeInfo {
  readonly severity: Severity;
  readonly title: string;
}

export const CODES = {
  PC101: { severity: 'error', title: 'YAML syntax error' },
  PC102: { severity: 'error', title: 'Duplicate key in a mapping' },
  PC103: { severity: 'error', title: 'Unsupported YAML version directive (only YAML 1.2)' },
  PC104: { severity: 'error', title: 'Too many aliases (alias bomb protection)' },
  PC105: { severity: 'error', title: 'File too large' },
  PC106: { severity: 'error', title: 'Too many policy files' },
  PC107: { severity: 'error', title: 'Forbidden key (__proto__, constructor, prototype)' },
  PC108: { severity: 'error', title: 'Merge keys (<<) are not supported' },
  PC109: { severity: 'error', title: 'Unsupported YAML tag' },
  PC110: { severity: 'error', title: 'No permctl.yaml at the repository root' },
  PC111: { severity: 'error', title: 'File cannot be read' },
  PC112: { severity: 'error', title: 'Document nested too deeply' },
  PC201: { severity: 'error', title: 'Document has no kind' },
  PC202: { severity: 'error', title: 'Unknown kind' },
  PC203: { severity: 'error', title: 'Wrong type' },
  PC204: { severity: 'error', title: 'Missing required field' },
  PC205: { severity: 'error', title: 'Unknown field' },
  PC206: { severity: 'error', title: 'Value not allowed' },
  PC207: { severity: 'error', title: 'Value does not match the required format' },
  PC208: { severity: 'error', title: 'Text too long or too short' },
  PC209: { severity: 'error', title: 'Too many or too few entries' },
  PC210: { severity: 'error', title: 'Number out of range' },
  PC211: { severity: 'error', title: 'Duplicate entry in a list' },
  PC212: { severity: 'error', title: 'Document kind not allowed in this file' },
  PC301: { severity: 'error', title: 'Unknown permission' },
  PC302: { severity: 'error', title: 'UI name used where an API name belongs' },
  PC303: { severity: 'error', title: 'Permission has no API name in the catalog' },
  PC304: { severity: 'error', title: 'Unknown security profile' },
  PC305: { severity: 'error', title: 'Unknown routing profile' },
  PC306: { severity: 'error', title: 'Unknown queue' },
  PC307: { severity: 'error', title: 'Unknown line' },
  PC308: { severity: 'error', title: 'Duplicate name' },
  PC309: { severity: 'error', title: 'Duplicate login' },
  PC310: { severity: 'error', title: 'Security profiles extend each other in a cycle' },
  PC311: { severity: 'error', title: 'Unknown baseline guardrail' },
  PC312: { severity: 'error', title: 'Duplicate phone number' },
  PC402: { severity: 'error', title: 'Too many permissions in one security profile' },
  PC403: { severity: 'error', title: 'Agent hierarchy too deep or malformed' },
  PC404: { severity: 'error', title: 'Default outbound queue is not one of the routing profile queues' },
  PC405: { severity: 'error', title: 'Queue listed twice in a routing profile' },
  PC406: { severity: 'warning', title: 'Recording permission has no effect without viewCallRecordings' },
  PC407: { severity: 'warning', title: 'viewScreenRecordings has no effect: screen recordings are off' },
  PC408: { severity: 'warning', title: 'Agent recording access is off for this instance' },
  PC409: { severity: 'error', title: 'Phone number is not E.164' },
  PC411: { severity: 'warning', title: 'Recording lines given without any recording access' },
  PC501: { severity: 'warning', title: 'ManagerListenIn without BasicAgentAccess' },
  PC502: { severity: 'info', title: 'Redacted and unredacted recordings together' },
  PC503: { severity: 'info', title: 'DownloadCallRecordings is not a security control' },
  PC504: { severity: 'error', title: 'Dependency rules form a cycle' },
  PC505: { severity: 'info', title: 'Users gain delete: deleting recordings also deletes screen recordings and transcripts (plan)' },
  PC510: { severity: 'error', title: 'Guardrail: permission outside its allowed profiles' },
  PC511: { severity: 'error', title: 'Guardrail: too many users hold a permission' },
  PC512: { severity: 'error', title: 'Guardrail: permissions that must not be held together' },
  PC513: { severity: 'error', title: 'Guardrail: permission held without what it requires' },
  PC601: { severity: 'error', title: 'Plan leaves no administrator' },
  PC602: { severity: 'error', title: 'Plan revokes too much access at once' },
  PC603: { severity: 'error', title: 'Saved plan is stale' },
  PC604: { severity: 'warning', title: 'Target does not hold this kind of object' },
  PC605: { severity: 'error', title: 'Plan file cannot be used' },
  PC606: { severity: 'error', title: 'Target cannot be reached or used' },
  PC607: { severity: 'error', title: 'Apply failed; nothing was changed' },
  PC700: { severity: 'error', title: 'GitHub API request failed' },
  PC701: { severity: 'error', title: 'GitHub context missing (repository, pull request or token)' },
  PC702: { severity: 'warning', title: 'Job summary not written: it would exceed 1 MiB' },
  PC901: { severity: 'error', title: 'Invalid command-line argument' },
} as const satisfies Record<string, CodeInfo>;

export type Code = keyof typeof CODES;
