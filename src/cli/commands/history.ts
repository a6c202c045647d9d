// permctl history [--target URL] [--user LOGIN] [--limit N] [--format text|json]
import { renderHistoryJson, renderHistoryText } from '../../render/history.ts';
import { openTarget } from '../../targets/resolve.ts';
import { targetFor } from '../context.ts';
import { EXIT } from '../io.ts';
import type { Io } from '../io.ts';
import { reportDiagnostics } from '../report.ts';
import { repositoryRoot } from '../fs-errors.ts';

export async function historyCommand(opts: { target?: string; user?: string; limit: number; format: 'text' | 'json' }, io: Io): Promise<number> {
  const root = repositoryRoot(undefined, io);
  const url = targetFor(opts.target, root.ok ? root.value : io.cwd, io);
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
    io.out(opts.format === 'json' ? renderHistoryJson(records) : renderHistoryText(records, opts.user));
    return EXIT.ok;
  } finally {
    await opened.target.close();
  }
}
