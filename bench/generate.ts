// Deterministic generator of realistic permctl policy repositories for the benchmark.
// Same options + seed always give byte-identical files, so benchmark runs are comparable.
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';

export interface GenerateOptions { users: number; profiles: number; lines: number; routingProfiles: number; seed?: number }

type Rng = () => number;
// mulberry32: tiny and platform-independent, which is all a fixture generator needs.
function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const int = (rng: Rng, lo: number, hi: number): number => lo + Math.floor(rng() * (hi - lo + 1));
function at<T>(xs: readonly T[], i: number): T {
  const x = xs[i];
  if (x === undefined) throw new Error(`index ${i} out of range (${xs.length})`);
  return x;
}
const pick = <T>(rng: Rng, xs: readonly T[]): T => at(xs, Math.floor(rng() * xs.length));
// Distinct random elements; rejection on a Set avoids copying large pools per call.
function sample<T>(rng: Rng, xs: readonly T[], n: number): T[] {
  const idx = new Set<number>();
  while (idx.size < Math.min(n, xs.length)) idx.add(Math.floor(rng() * xs.length));
  return [...idx].map((i) => at(xs, i));
}
const pad = (n: number, w: number): string => String(n).padStart(w, '0');
// A JSON string literal is a valid YAML double-quoted scalar, escaping included.
const q = (s: string): string => JSON.stringify(s);
const flow = (xs: readonly string[]): string => `[${xs.join(', ')}]`;

const PERMS = ('RoutingPolicies.Create RoutingPolicies.Edit RoutingPolicies.View TransferDestinations.Create TransferDestinations.Delete ' +
  'TransferDestinations.Edit TransferDestinations.View HoursOfOperation.Create HoursOfOperation.Delete HoursOfOperation.Edit HoursOfOperation.View ' +
  'Queues.Create Queues.Edit Queues.EnableAndDisable Queues.View TaskTemplates.View Prompts.View ContactFlows.View ContactFlows.Edit PhoneNumbers.View ' +
  'Users.View Users.Edit Users.EditPermission AgentGrouping.View AgentGrouping.Edit SecurityProfiles.View SecurityProfiles.Edit AgentStates.View ' +
  'AgentStates.Edit BasicAgentAccess RealtimeContactLens.View OutboundCallAccess VoiceId.Access AccessMetrics RealTimeMetrics.Access ' +
  'HistoricalMetrics.Access AgentActivityAudit.Access ContactSearch.View ContactAttributes.View GraphTrends.View Rules.View RedactedData.View ' +
  'ListenCallRecordings DownloadCallRecordings AgentTimeCard.View ManagerListenIn MetricsReports.View MetricsReports.Edit Evaluation.View ' +
  'Evaluation.Create Forecasting.View Capacity.View Scheduling.View TeamCalendar.View StaffCalendar.View CustomViews.Access Wisdom.View Cases.View ' +
  'Cases.Edit CustomerProfiles.View HistoricalChanges.View').split(' ');
const RISKY = /\b(Users\.EditPermission|SecurityProfiles\.Edit)\b/;

interface Role { title: string; desc: string; base: string; min: number; max: number; pool: string[] }
// Only the identity role may hold Users.EditPermission / SecurityProfiles.Edit; the generator uses it at most twice.
const ROLES = {
  agent: { title: 'Agent', desc: 'Front-line agents', base: 'Agent', min: 3, max: 10, pool: 'BasicAgentAccess OutboundCallAccess ContactSearch.View ContactAttributes.View Wisdom.View Cases.View Cases.Edit CustomerProfiles.View TaskTemplates.View Prompts.View PhoneNumbers.View AgentStates.View TeamCalendar.View VoiceId.Access RealtimeContactLens.View Queues.View TransferDestinations.View AgentGrouping.View' },
  supervisor: { title: 'Supervisor', desc: 'Team leads', base: 'Agent', min: 10, max: 25, pool: 'BasicAgentAccess ContactSearch.View ContactAttributes.View Cases.View Cases.Edit CustomerProfiles.View Queues.View TransferDestinations.View AgentStates.View AgentGrouping.View Users.View AccessMetrics RealTimeMetrics.Access HistoricalMetrics.Access AgentActivityAudit.Access ManagerListenIn ListenCallRecordings AgentTimeCard.View MetricsReports.View GraphTrends.View Evaluation.View Scheduling.View TeamCalendar.View StaffCalendar.View RealtimeContactLens.View CustomViews.Access Wisdom.View' },
  quality: { title: 'QualityReviewer', desc: 'Quality reviewers', base: 'QualityAnalyst', min: 4, max: 12, pool: 'Evaluation.View Evaluation.Create ListenCallRecordings DownloadCallRecordings RedactedData.View ContactSearch.View ContactAttributes.View Rules.View HistoricalChanges.View RealtimeContactLens.View GraphTrends.View HistoricalMetrics.Access MetricsReports.View' },
  workforce: { title: 'WFM', desc: 'Workforce planners', base: 'Agent', min: 4, max: 12, pool: 'Forecasting.View Capacity.View Scheduling.View StaffCalendar.View TeamCalendar.View HistoricalMetrics.Access RealTimeMetrics.Access AccessMetrics MetricsReports.View MetricsReports.Edit AgentTimeCard.View Users.View AgentGrouping.View' },
  ops: { title: 'RoutingOps', desc: 'Routing and telephony operations', base: 'Agent', min: 6, max: 20, pool: 'RoutingPolicies.Create RoutingPolicies.Edit RoutingPolicies.View Queues.Create Queues.Edit Queues.EnableAndDisable Queues.View HoursOfOperation.Create HoursOfOperation.Delete HoursOfOperation.Edit HoursOfOperation.View TransferDestinations.Create TransferDestinations.Delete TransferDestinations.Edit TransferDestinations.View ContactFlows.View ContactFlows.Edit PhoneNumbers.View Prompts.View AgentStates.Edit AgentStates.View Users.View Users.Edit AgentGrouping.Edit SecurityProfiles.View Rules.View' },
  identity: { title: 'IdentityAdmin', desc: 'User and permission administrators', base: '', min: 8, max: 8, pool: 'Users.View Users.Edit Users.EditPermission SecurityProfiles.View SecurityProfiles.Edit AgentGrouping.View AgentGrouping.Edit HistoricalChanges.View' },
} as const satisfies Record<string, { title: string; desc: string; base: string; min: number; max: number; pool: string }>;
type RoleKey = keyof typeof ROLES;
const ROLE: Record<RoleKey, Role> = Object.fromEntries(Object.entries(ROLES).map(([k, r]) => [k, { ...r, pool: r.pool.split(' ') }])) as Record<RoleKey, Role>;
for (const r of Object.values(ROLE)) for (const p of r.pool) if (!PERMS.includes(p)) throw new Error(`unknown permission ${p}`);

const REGIONS = ['EMEA', 'AMER', 'APAC', 'LATAM'];
const SITES: Record<string, string[]> = { EMEA: ['Madrid', 'London', 'Berlin', 'Dublin'], AMER: ['Austin', 'Toronto', 'Chicago'], APAC: ['Sydney', 'Singapore', 'Manila'], LATAM: ['SaoPaulo', 'Bogota'] };
const PHONE: Record<string, string> = { EMEA: '+4420794', AMER: '+1212555', APAC: '+6129876', LATAM: '+5511987' };
// Alphabetical, so profile files are generated in the order a directory listing returns them.
const AREAS = 'Accounts Billing Bookings Claims Collections Concierge Enterprise Escalations Fraud Logistics Loyalty Onboarding Outreach Partners Payments Premium Renewals Retention Returns Sales Support Technical Travel Warranty'.split(' ');
// Display name / ASCII login part pairs; some need escaping or are non-ASCII on purpose.
const FIRST = [['Ana', 'ana'], ['José', 'jose'], ['Siobhán', 'siobhan'], ['Wei', 'wei'], ['Priya', 'priya'], ['Liam', 'liam'], ['Zoë', 'zoe'], ['Mateus', 'mateus'], ['Aiko', 'aiko'], ['Katherine "Kat"', 'katherine'], ['Omar', 'omar'], ['Lucía', 'lucia'], ['Noah', 'noah'], ['Fatima', 'fatima'], ['Jonas', 'jonas'], ['Grace', 'grace']] as const;
const LAST = [['Ruiz', 'ruiz'], ["O'Brien", 'obrien'], ['Müller', 'muller'], ['Nguyễn', 'nguyen'], ['Smith', 'smith'], ['Tanaka', 'tanaka'], ['Silva', 'silva'], ['Kowalski', 'kowalski'], ['Haddad', 'haddad'], ['van der Berg', 'vanderberg'], ['Okafor', 'okafor'], ['Rossi', 'rossi'], ['Johansson', 'johansson'], ['Patel', 'patel']] as const;

interface Profile { name: string; role: RoleKey; region: string; file: string }
interface World { rng: Rng; profiles: Profile[]; rps: string[]; linesByRegion: Record<string, string[]> }

export function sizeFor(users: number): GenerateOptions {
  // Linear in users, anchored at 50k → 500 profiles / 2000 lines / 200 routing profiles.
  return { users, profiles: Math.max(10, Math.round(users / 100)), lines: Math.max(20, Math.round(users / 25)), routingProfiles: Math.max(5, Math.round(users / 250)), seed: 1 };
}

function roleFor(rng: Rng, i: number, n: number): RoleKey {
  // Fixed slots guarantee an agent and a supervisor profile exist, and exactly two identity admins.
  if (i === 0) return 'agent';
  if (i === 1) return 'supervisor';
  if (n >= 4 && (i === Math.floor(n / 2) || i === n - 1)) return 'identity';
  const r = rng();
  return r < 0.5 ? 'agent' : r < 0.8 ? 'supervisor' : r < 0.87 ? 'quality' : r < 0.94 ? 'workforce' : 'ops';
}

function profileDoc(rng: Rng, p: Profile, area: string, earlier: Profile[]): string {
  const role = ROLE[p.role];
  const perms = sample(rng, role.pool, int(rng, role.min, role.max)).sort((a, b) => PERMS.indexOf(a) - PERMS.indexOf(b));
  let ext = '';
  // ~30% extend a built-in or an earlier same-role profile: earlier-only means no cycles, and never an identity admin.
  // Parents also come from a file sorting no later, so reading files in name order sees parents first too.
  if (p.role !== 'identity' && rng() < 0.3) {
    const same = earlier.filter((e) => e.role === p.role && e.file <= p.file);
    ext = same.length > 0 && rng() < 0.5 ? pick(rng, same).name : role.base;
  }
  return `kind: SecurityProfile\nname: ${p.name}\ndescription: ${q(`${role.desc} for ${area} in ${p.region}`)}\n` +
    (ext ? `extends: [${ext}]\n` : '') + `permissions:\n${perms.map((x) => `  - ${x}\n`).join('')}`;
}

function writeProfiles(w: World, n: number, write: (f: string, s: string) => void): void {
  const docs: string[] = [];
  for (let i = 0; i < n; i++) {
    const f = Math.floor(i / 25);
    const area = at(AREAS, f % AREAS.length);
    const role = roleFor(w.rng, i, n);
    const region = at(REGIONS, int(w.rng, 0, REGIONS.length - 1));
    const file = `profiles/${area.toLowerCase()}${f >= AREAS.length ? `-${Math.floor(f / AREAS.length) + 1}` : ''}.yaml`;
    const p: Profile = { name: `${ROLE[role].title}-${area}-${region}-${pad(i + 1, 3)}`, role, region, file };
    docs.push(profileDoc(w.rng, p, area, w.profiles));
    w.profiles.push(p);
    if (docs.length === 25 || i === n - 1) {
      write(file, docs.join('---\n'));
      docs.length = 0;
    }
  }
}

function writeRouting(w: World, o: GenerateOptions, write: (f: string, s: string) => void): void {
  const queues = Array.from({ length: o.routingProfiles * 3 }, (_, i) => `Queue ${pad(i + 1, 4)}`);
  write('routing/queues.yaml', `kind: Queues\nqueues:\n${queues.map((x) => `  - name: ${q(x)}\n`).join('')}`);
  const docs: string[] = [];
  for (let i = 0; i < o.routingProfiles; i++) {
    // Each profile owns three queues and sometimes shares up to two others; the Set drops duplicates.
    const mine = new Set(queues.slice(i * 3, i * 3 + 3).concat(sample(w.rng, queues, int(w.rng, 0, 2))));
    const rows = [...mine].map((x, k) => `  - { queue: ${q(x)}, priority: ${k + 1}, delay: ${k === 0 ? 0 : pick(w.rng, [0, 20, 30, 60, 120, 300])} }\n`);
    w.rps.push(`RP-${pad(i + 1, 4)}`);
    docs.push(`kind: RoutingProfile\nname: RP-${pad(i + 1, 4)}\ndefaultOutboundQueue: ${q(at(queues, i * 3))}\nqueues:\n${rows.join('')}`);
  }
  write('routing/profiles.yaml', docs.join('---\n'));
}

function writeLines(w: World, n: number, write: (f: string, s: string) => void): void {
  const out: string[] = [];
  for (let i = 1; i <= n; i++) {
    const region = at(REGIONS, i % REGIONS.length);
    const id = `line-${pad(i, 4)}`;
    (w.linesByRegion[region] ??= []).push(id);
    out.push(`  - id: ${id}\n    number: ${q(PHONE[region] + pad(i, 5))}\n    description: ${q(`${at(AREAS, i % 7)} line ${i}`)}\n`);
  }
  write('lines.yaml', `kind: Lines\nlines:\n${out.join('')}`);
}

function byRole(w: World, role: RoleKey, region: string): Profile[] {
  const all = w.profiles.filter((p) => p.role === role);
  const local = all.filter((p) => p.region === region);
  // Small repos may lack a role entirely; fall back to agent profiles (slot 0 always is one).
  return local.length > 0 ? local : all.length > 0 ? all : byRole(w, 'agent', region);
}

function recordingsBlock(rng: Rng, lines: readonly string[]): string {
  const role = pick(rng, ['normal', 'normal', 'normal', 'normal', 'nominee', 'agent']);
  const view = rng() < 0.7;
  // The three detail flags are only meaningful (and only allowed) when viewCallRecordings is true.
  const detail = view ? `      viewOutboundCallRecordings: ${rng() < 0.6}\n      viewScreenRecordings: ${rng() < 0.4}\n      deleteCallRecordings: ${rng() < 0.05}\n` : '';
  // Lines only matter with viewCallRecordings (validate warns, PC411), so users without it get none.
  // Agents reach their own recordings (agentRecordingAccess: own), not lines: lines on them are
  // a warning (PC412). The sample is still drawn, so the rest of the generated data stays the same.
  const sampled = view ? `      lines: ${flow(sample(rng, lines, int(rng, 1, 3)))}\n` : '';
  const lineList = role === 'agent' ? '' : sampled;
  return `    recordings:\n      role: ${role}\n${lineList}      viewCallRecordings: ${view}\n${detail}`;
}

interface Team { region: string; site: string; area: string; no: number; defaults: string[]; rp: string; teamProfile: string | undefined }

function userEntry(w: World, t: Team, idx: number, admin: boolean): string {
  const { rng } = w;
  const [fd, fl] = pick(rng, FIRST);
  const [ld, ll] = pick(rng, LAST);
  const prof = (role: RoleKey): string => pick(rng, byRole(w, role, t.region)).name;
  const r = rng();
  let sp: string[] | undefined;
  if (admin) sp = ['Admin', 'Agent'];
  else if (r < 0.85) sp = rng() < 0.6 ? undefined : t.teamProfile && rng() < 0.5 ? ['Agent', t.teamProfile] : ['Agent'];
  else if (r < 0.95) sp = [...new Set(['Agent', prof('supervisor'), ...(rng() < 0.5 ? [prof(pick(rng, ['supervisor', 'workforce'] as const))] : [])])];
  else sp = rng() < 0.5 ? ['QualityAnalyst', prof('quality')] : ['Agent', prof(pick(rng, ['workforce', 'ops'] as const))];
  let s = `  - login: ${q(`${fl}.${ll}.${pad(idx, 6)}@example.com`)}\n    name: ${q(`${fd} ${ld}`)}\n`;
  if (sp) s += `    securityProfiles: ${flow(sp)}\n`;
  if (rng() < 0.5) s += `    routingProfile: ${rng() < 0.5 ? t.rp : pick(rng, w.rps)}\n`;
  if (rng() < 0.85) s += `    hierarchy: ${t.region}/${t.site}${r < 0.85 ? `/Team-${t.no}` : ''}\n`;
  if (rng() < 0.3) s += recordingsBlock(rng, w.linesByRegion[t.region] ?? []);
  return s;
}

function writeUsers(w: World, total: number, write: (f: string, s: string) => void): void {
  // Exactly three administrators, at seeded positions across the whole repository.
  const admins = new Set(sample(w.rng, Array.from({ length: total }, (_, i) => i), 3));
  for (let idx = 0, file = 0; idx < total; file++) {
    let size = Math.min(total - idx, int(w.rng, 50, 200));
    if (total - idx - size < 50) size = total - idx; // fold a small remainder into the last file
    const region = at(REGIONS, file % REGIONS.length);
    const site = pick(w.rng, SITES[region] ?? []);
    const area = pick(w.rng, AREAS);
    const teamProfile = w.rng() < 0.7 ? pick(w.rng, byRole(w, 'agent', region)).name : undefined;
    const t: Team = { region, site, area, no: file + 1, rp: pick(w.rng, w.rps), teamProfile, defaults: teamProfile && w.rng() < 0.4 ? ['Agent', teamProfile] : ['Agent'] };
    const body: string[] = [];
    for (const end = idx + size; idx < end; idx++) body.push(userEntry(w, t, idx + 1, admins.has(idx)));
    write(`users/${region}/${site.toLowerCase()}-${area.toLowerCase()}-${pad(file + 1, 3)}.yaml`,
      `kind: Users\ndefaults:\n  securityProfiles: ${flow(t.defaults)}\n  routingProfile: ${t.rp}\nusers:\n${body.join('')}`);
  }
}

const SETTINGS = 'instance: bench\ntarget: sqlite:.permctl/bench.db\nsettings:\n  screenRecordings: true\n  conversationAnalyzer: true\n  agentRecordingAccess: own\nunmanaged: report\n';

export function generateRepo(dir: string, opts: GenerateOptions): { files: number; bytes: number } {
  // Written as !(x >= n) so NaN from a bad CLI argument is rejected too.
  if (!(opts.users >= 3 && opts.profiles >= 2 && opts.lines >= 1 && opts.routingProfiles >= 1)) throw new Error('need users>=3, profiles>=2, lines>=1, routingProfiles>=1');
  // Remove only what we generate, so reruns into the same dir stay byte-identical without wiping unrelated files.
  for (const p of ['permctl.yaml', 'lines.yaml', 'profiles', 'routing', 'users']) rmSync(join(dir, p), { recursive: true, force: true });
  let files = 0, bytes = 0;
  const write = (f: string, s: string): void => {
    mkdirSync(dirname(join(dir, f)), { recursive: true });
    writeFileSync(join(dir, f), s);
    files++;
    bytes += Buffer.byteLength(s);
  };
  const w: World = { rng: mulberry32(opts.seed ?? 1), profiles: [], rps: [], linesByRegion: {} };
  write('permctl.yaml', SETTINGS);
  writeProfiles(w, opts.profiles, write);
  writeLines(w, opts.lines, write);
  writeRouting(w, opts, write);
  writeUsers(w, opts.users, write);
  return { files, bytes };
}

// mutateUsers reads back only the format generateRepo writes (line-based), not arbitrary YAML.
interface Pools { safe: string[]; rps: string[]; lines: string[] }
const listOf = (line: string | undefined): string[] => (line?.match(/\[(.*)\]/)?.[1] ?? '').split(',').map((x) => x.trim()).filter(Boolean);
const sameSet = (a: string[], b: string[]): boolean => [...a].sort().join() === [...b].sort().join();

function readPools(dir: string): Pools {
  const safe = new Set<string>(['Agent', 'QualityAnalyst']);
  const risky = new Set<string>();
  for (const f of readdirSync(join(dir, 'profiles')).sort()) {
    for (const doc of readFileSync(join(dir, 'profiles', f), 'utf8').split('\n---\n')) {
      const name = doc.match(/^name: (\S+)$/m)?.[1];
      // Risky if it holds the permission-admin rights itself or inherits them (parents always come earlier).
      if (name) (RISKY.test(doc) || listOf(doc.match(/^extends: .*$/m)?.[0]).some((e) => risky.has(e)) ? risky : safe).add(name);
    }
  }
  const rps = [...readFileSync(join(dir, 'routing/profiles.yaml'), 'utf8').matchAll(/^name: (\S+)$/gm)].map((m) => m[1] ?? '');
  const lines = [...readFileSync(join(dir, 'lines.yaml'), 'utf8').matchAll(/^ {2}- id: (\S+)$/gm)].map((m) => m[1] ?? '');
  return { safe: [...safe], rps, lines };
}

function setField(block: string[], key: string, value: string): void {
  const i = block.findIndex((l) => l.startsWith(`    ${key}:`));
  if (i >= 0) { block[i] = `    ${key}: ${value}`; return; }
  const after = key === 'routingProfile' ? block.findIndex((l) => l.startsWith('    securityProfiles:')) : -1;
  block.splice((after >= 0 ? after : 1) + 1, 0, `    ${key}: ${value}`);
}

function mutateBlock(rng: Rng, block: string[], header: string[], pools: Pools): boolean {
  const get = (lines: string[], key: string): string | undefined => lines.find((l) => l.trimStart().startsWith(`${key}:`));
  const sp = listOf(get(block, 'securityProfiles') ?? get(header, 'securityProfiles'));
  const rp = (get(block, 'routingProfile') ?? get(header, 'routingProfile') ?? '').split(': ')[1];
  const first = int(rng, 0, 2);
  for (let k = 0; k < 3; k++) {
    for (let attempt = 0; attempt < 10; attempt++) {
      const kind = (first + k) % 3;
      // Never touch an admin's profiles, so the repository keeps exactly three Admin holders.
      if (kind === 0 && !sp.includes('Admin')) {
        const next = [...new Set(['Agent', ...sample(rng, pools.safe, int(rng, 1, 2))])];
        if (!sameSet(next, sp)) { setField(block, 'securityProfiles', flow(next)); return true; }
      } else if (kind === 1) {
        const next = pick(rng, pools.rps);
        if (next !== rp) { setField(block, 'routingProfile', next); return true; }
      } else if (kind === 2) {
        const i = block.findIndex((l) => l.startsWith('      lines:'));
        const next = sample(rng, pools.lines, int(rng, 1, 3));
        // A user with a recordings block but no lines (no view access) is left alone here.
        if (i < 0 && block.some((l) => l.startsWith('    recordings:'))) continue;
        if (i < 0) { block.push('    recordings:', '      role: normal', `      lines: ${flow(next)}`, '      viewCallRecordings: true'); return true; }
        if (!sameSet(next, listOf(block[i]))) { block[i] = `      lines: ${flow(next)}`; return true; }
      }
    }
  }
  return false;
}

export function mutateUsers(dir: string, fraction: number, seed = 1): number {
  const rng = mulberry32(seed);
  const pools = readPools(dir);
  const files = readdirSync(join(dir, 'users'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.yaml')).sort();
  const texts = files.map((f) => readFileSync(join(dir, 'users', f), 'utf8'));
  const counts = texts.map((t) => t.match(/^ {2}- login: /gm)?.length ?? 0);
  const total = counts.reduce((a, b) => a + b, 0);
  const chosen = new Set(sample(rng, Array.from({ length: total }, (_, i) => i), Math.round(Math.min(1, Math.max(0, fraction)) * total)));
  let changed = 0, base = 0;
  files.forEach((f, fi) => {
    const n = counts[fi] ?? 0;
    const hits = Array.from({ length: n }, (_, i) => base + i).filter((i) => chosen.has(i));
    base += n;
    if (hits.length === 0) return; // untouched files are not rewritten
    const lines = (texts[fi] ?? '').replace(/\n$/, '').split('\n');
    const start = lines.findIndex((l) => l.startsWith('  - login: '));
    const header = lines.slice(0, start);
    const blocks: string[][] = [];
    for (const l of lines.slice(start)) if (l.startsWith('  - login: ')) blocks.push([l]); else blocks.at(-1)?.push(l);
    for (const i of hits) if (mutateBlock(rng, at(blocks, i - (base - n)), header, pools)) changed++;
    writeFileSync(join(dir, 'users', f), `${[...header, ...blocks.flat()].join('\n')}\n`);
  });
  return changed;
}

if (import.meta.main) {
  const { values } = parseArgs({ options: { users: { type: 'string', default: '50000' }, out: { type: 'string' }, seed: { type: 'string', default: '1' }, mutate: { type: 'string' } } });
  if (!values.out) throw new Error('usage: node bench/generate.ts --users 50000 --out DIR [--seed 1] [--mutate 0.01]');
  const seed = Number(values.seed);
  const t0 = performance.now();
  // --mutate edits an existing repository in place instead of generating a new one.
  const opts = { ...sizeFor(Number(values.users)), seed };
  const result = values.mutate !== undefined ? { changedUsers: mutateUsers(values.out, Number(values.mutate), seed) } : { ...opts, ...generateRepo(values.out, opts) };
  console.log(JSON.stringify({ out: values.out, ...result, ms: Math.round(performance.now() - t0) }));
}
