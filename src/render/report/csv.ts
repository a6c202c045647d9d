// The access report's users × permissions matrix as CSV (RFC 4180), for spreadsheets: one row
// per user, one column per permission any user holds ("x" where held), then the recording
// archive's permissions and lines. Cells that a spreadsheet would run as a formula (=, +, -,
// @, tab, CR) are prefixed with an apostrophe.
import type { AccessReport } from '../../report/build.ts';

export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export function renderReportCsv(r: AccessReport): string {
  const head = ['login', 'name', 'hierarchy', 'routingProfile', 'securityProfiles', 'recordingRole', 'viewCallRecordings', 'viewOutboundCallRecordings', 'viewScreenRecordings', 'deleteCallRecordings', 'recordingScope', 'recordingLines', ...r.permissions.map((p) => p.name)];
  const rows = [head.map(csvCell).join(',')];
  const yn = (b: boolean | undefined): string => (b === undefined ? '' : b ? 'yes' : 'no');
  const marks = r.combos.map((c) => {
    const cells: string[] = new Array<string>(r.permissions.length).fill('');
    for (const p of c.permissions) cells[p] = 'x';
    return cells.join(',');
  });
  for (const u of r.users) {
    const rec = u.recordings;
    const combo = r.combos[u.combo];
    const cells = [u.login, u.name, u.hierarchy, u.routingProfile, (combo?.profiles ?? []).join(';'), rec?.role ?? '', yn(rec?.viewCallRecordings), yn(rec?.viewOutboundCallRecordings), yn(rec?.viewScreenRecordings), yn(rec?.deleteCallRecordings), rec?.scope ?? '', (rec?.lines ?? []).join(';')];
    const perms = r.permissions.length > 0 ? `,${marks[u.combo] ?? ''}` : '';
    rows.push(`${cells.map(csvCell).join(',')}${perms}`);
  }
  return `${rows.join('\r\n')}\r\n`;
}
