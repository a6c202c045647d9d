// The file kinds of SPEC.md and the schema file of each.
export const KIND_SCHEMA = {
  Config: 'permctl.schema.json',
  SecurityProfile: 'security-profile.schema.json',
  Users: 'users.schema.json',
  Lines: 'lines.schema.json',
  Queues: 'queues.schema.json',
  RoutingProfile: 'routing-profile.schema.json',
  Guardrail: 'guardrail.schema.json',
} as const;

export type Kind = keyof typeof KIND_SCHEMA;
export const KINDS = Object.keys(KIND_SCHEMA) as Kind[];
