// Routing profile rules from the seeds: the default outbound queue is one of the profile's
// queues ("Outbound calls must be associated with one of the associated queues"), and a queue
// is listed once. Priority and delay ranges are enforced by the schema.
import type { Diagnostic } from '../../diagnostics/types.ts';
import type { Rule } from './context.ts';

export const routingProfiles: Rule = {
  name: 'routing-profiles',
  check: ({ model }) => {
    const out: Diagnostic[] = [];
    for (const { value: rp, origin } of model.routingProfiles) {
      const seen = new Map<string, number>();
      rp.queues.forEach((q, i) => {
        const first = seen.get(q.queue);
        if (first !== undefined) out.push({ code: 'PC405', severity: 'error', file: origin.file, doc: origin.doc, path: ['queues', i, 'queue'], related: { file: origin.file, doc: origin.doc, path: ['queues', first, 'queue'] }, args: { queue: q.queue, profile: rp.name } });
        else seen.set(q.queue, i);
      });
      if (!seen.has(rp.defaultOutboundQueue)) {
        out.push({ code: 'PC404', severity: 'error', file: origin.file, doc: origin.doc, path: ['defaultOutboundQueue'], args: { queue: rp.defaultOutboundQueue, profile: rp.name, queues: [...seen.keys()] } });
      }
    }
    return out;
  },
};
