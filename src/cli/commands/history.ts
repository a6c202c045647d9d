// permctl history [--target URL] [--user LOGIN] [--limit N] [--format text|json]
import { HISTORY_RENDERERS } from '../../render/registries.ts';
import type { HistoryFormat } from '../../render/registries.ts';
import { renderWith } from '../../render/registry.ts';
import { paintFor } from '../../render/style.ts';
import { openTarget } from '../../targets/resolve.ts';
import { targetFor } from '../context.ts';
import { EXIT } from '../io.ts';
import type { Io } from '../io.ts';
import { reportDiagnostics } from '../report.ts';

export async function historyCommand(opts: { target?: string; user?: string; limit: number; format: HistoryFormat }, io: Io): Promise<number> {
  const url = targetFor(opts.target, io.cwd, io);
  if (url === undefined) {
    reportDiagnostics([{ code: 'PC901', severity: 'error', args: { message: 'no target: give --target URL, set PERMCTL_TARGET, or run in a policy repository' } }], io);
    return EXIT.error;
  }
  const opened = openTarget(url);
  if (!opened.ok) {
    reportDiagnostics([opened.diagnostic], io);
    return EXIT.error;
  }
  try {
    const records = await opened.target.history({ ...(opts.user !== undefined ? { user: opts.user } : {}), limit: opts.limit });
    io.out(renderWith(HISTORY_RENDERERS, opts.format, records, { paint: paintFor(io.color) }));
    return EXIT.ok;
  } finally {
    await opened.target.close();
  }
}
