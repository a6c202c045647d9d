// `permctl compile`: the canonical JSON of the compiled policy. Canonical means the same bytes
// whatever the order of files, documents and list entries: every list is sorted and every
// object is built with its keys in a fixed order.
import type { Catalog } from '../catalog/catalog.ts';
import type { CompiledPolicy, CompiledProfile, CompiledUser, Reason } from '../compile/types.ts';
import { userState } from '../plan/desired.ts';

export const COMPILED_FORMAT_VERSION = '1.0';

function reasonJson(r: Reason): Record<string, string> {
  switch (r.type) {
    case 'declared':
    case 'default-profile':
      return { type: r.type };
    case 'extends':
      return { type: r.type, profile: r.profile };
    case 'implied':
      return { type: r.type, by: r.by, rule: r.rule };
  }
}

function profileJson(p: CompiledProfile, catalog: Catalog): object {
  return {
    name: p.name,
    source: p.source,
    ...(p.description !== undefined ? { description: p.description } : {}),
    extends: p.extends,
    declared: p.declared,
    permissions: [...p.permissions].map(([name, reasons]) => ({ name, risk: catalog.permissions.get(name)?.risk ?? 'low', reasons: reasons.map(reasonJson) })),
  };
}

function userJson(u: CompiledUser, catalog: Catalog): object {
  // The user's fields as a target holds them, with the compiler's additions: permissions and
  // the full effective recording access in place of the target's flags.
  const { recordings: _flags, ...fields } = userState(u);
  return {
    ...fields,
    permissions: u.access.permissions.map((name) => ({ name, risk: catalog.permissions.get(name)?.risk ?? 'low', via: u.access.via.get(name) ?? [] })),
    ...(u.recordings ? { recordings: u.recordings } : {}),
  };
}

export function renderCompiledJson(policy: CompiledPolicy, catalog: Catalog): string {
  const doc = {
    format_version: COMPILED_FORMAT_VERSION,
    instance: policy.instance,
    settings: policy.settings,
    profiles: [...policy.profiles.values()].map((p) => profileJson(p, catalog)),
    users: policy.users.map((u) => userJson(u, catalog)),
    routingProfiles: policy.routingProfiles.map((r) => ({ name: r.name, ...(r.description !== undefined ? { description: r.description } : {}), defaultOutboundQueue: r.defaultOutboundQueue, queues: r.queues.map((q) => ({ queue: q.queue, priority: q.priority, delay: q.delay })) })),
    queues: policy.queues.map((q) => ({ name: q.name, ...(q.description !== undefined ? { description: q.description } : {}) })),
    lines: policy.lines.map((l) => ({ id: l.id, number: l.number, ...(l.description !== undefined ? { description: l.description } : {}) })),
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
