// The command line: parse arguments, run one command, set the exit code. Nothing else.
// A user's mistake never shows a stack trace; an internal error says it is a bug.
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import type { ReportOptions } from './commands/report.ts';
import { REPORT_RENDERERS } from '../render/report/index.ts';
import { PLAN_RENDERERS } from '../render/plan/index.ts';
import { CATALOG_RENDERERS, EXPLAIN_RENDERERS, HISTORY_RENDERERS, VALIDATE_RENDERERS, WHO_CAN_RENDERERS } from '../render/registries.ts';
import type { CatalogFormat, ExplainFormat, HistoryFormat, ValidateFormat, WhoCanFormat } from '../render/registries.ts';
import { formatsOf } from '../render/registry.ts';
import type { PlanCommandOptions } from './commands/plan.ts';
import type { CommentOptions } from './commands/comment.ts';
import { userFsError } from './fs-errors.ts';
import { EXIT, processIo } from './io.ts';
import { withProgress } from './progress.ts';
import type { Io } from './io.ts';
import { reportDiagnostics } from './report.ts';

const VERSION = '0.1.0';

/** Without DIR, commands find permctl.yaml in the working directory or above, as git does. */
const REPOSITORY = 'policy repository (default: the nearest directory at or above this one with permctl.yaml)';

const positiveInt = (v: string): number => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a whole number of 1 or more');
  return n;
};

const wholeNumber = (v: string): number => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('expected a whole number of 0 or more');
  return n;
};

// Each command's module is loaded when it runs: `plan` does not load what `comment`, `import` or
// `report` need (about 40 ms of every run).
function buildProgram(io: Io, setCode: (code: number) => void): Command {
  const program = new Command('permctl')
    .description('Policy-as-code GitOps compiler for contact-center permissions')
    .version(VERSION)
    .exitOverride()
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .showHelpAfterError('(run permctl --help for usage)')
    .option('-q, --quiet', 'no progress line on a terminal', false);
  // Progress goes to a terminal's stderr unless --quiet (commander reads it before or after the command).
  const ioFor = (): Io => (program.opts<{ quiet: boolean }>().quiet ? { ...io, progress: undefined, quiet: true } : io);
  program
    .command('validate')
    .description('check schemas, references, semantics and guardrails')
    .argument('[dir]', REPOSITORY)
    .addOption(new Option('--format <format>', 'output format').choices(formatsOf(VALIDATE_RENDERERS)).default('text'))
    .option('--strict', 'treat warnings as errors', false)
    .addOption(new Option('--max-errors <n>', 'findings to print in text format').default(50).argParser(Number))
    .action(async (dir: string | undefined, o: { format: ValidateFormat; strict: boolean; maxErrors: number }) => setCode((await import('./commands/validate.ts')).validateCommand(dir, o, ioFor())));
  program
    .command('compile')
    .description('canonical compiled JSON: profiles with expanded permissions and provenance, users with effective access')
    .argument('[dir]', REPOSITORY)
    .option('--out <file>', 'write to FILE instead of stdout')
    .action(async (dir: string | undefined, o: { out?: string }) => setCode((await import('./commands/compile.ts')).compileCommand(dir, o, io)));
  const formatOption = (formats: readonly string[]): Option => new Option('--format <format>', 'output format').choices(formats).default('text');
  program
    .command('explain')
    .description("a user's or profile's effective permissions, each with its reason")
    .argument('<name>', 'user login or profile name')
    .argument('[dir]', REPOSITORY)
    .addOption(formatOption(formatsOf(EXPLAIN_RENDERERS)))
    .action(async (name: string, dir: string | undefined, o: { format: ExplainFormat }) => setCode((await import('./commands/explain.ts')).explainCommand(name, dir, o, io)));
  program
    .command('who-can')
    .description('users holding a permission, and through which profile')
    .argument('<permission>', 'permission API name; viewCallRecordings / viewOutboundCallRecordings / viewScreenRecordings / deleteCallRecordings; or Admin: who administers or can become an administrator')
    .argument('[dir]', REPOSITORY)
    .option('--line <id>', 'only users whose recording access covers this line')
    .addOption(formatOption(formatsOf(WHO_CAN_RENDERERS)))
    .action(async (permission: string, dir: string | undefined, o: { format: WhoCanFormat; line?: string }) => setCode((await import('./commands/explain.ts')).whoCanCommand(permission, dir, o, io)));
  program
    .command('plan')
    .description('diff the policy against the target')
    .argument('[dir]', REPOSITORY)
    .option('--target <url>', 'target URL (default: PERMCTL_TARGET, then permctl.yaml)')
    .option('--out <file>', 'save the plan as JSON, for permctl apply')
    .addOption(new Option('--format <format>', 'output format').choices(Object.keys(PLAN_RENDERERS)).default('text'))
    .option('--detailed-exitcode', 'exit 2 when there are changes, 0 when none', false)
    .option('--allow-mass-revoke', 'allow revoking more than maxRevokeRatio of all access', false)
    .option('--stats', 'print the API calls the target read needed (live targets), on stderr', false)
    .action(async (dir: string | undefined, o: PlanCommandOptions) => setCode(await withProgress(ioFor(), 'planning', async (p) => (await import('./commands/plan.ts')).planCommand(dir, o, p.io))));
  program
    .command('apply')
    .description('apply a saved plan, or plan and apply a repository with --auto-approve')
    .argument('[plan-or-dir]', 'plan file from permctl plan --out, or a policy repository (default: found upward from here)')
    .option('--auto-approve', 'apply a repository without a saved plan', false)
    .option('--target <url>', 'target URL (default: the saved plan\'s, or PERMCTL_TARGET, then permctl.yaml)')
    .option('--history <url>', 'store recording applies to a live target (default: permctl.yaml history:)')
    .option('--allow-mass-revoke', 'allow revoking more than maxRevokeRatio of all access', false)
    .action(async (arg: string | undefined, o: { autoApprove: boolean; target?: string; history?: string; allowMassRevoke: boolean }) => setCode(await withProgress(ioFor(), 'applying', async (p) => (await import('./commands/apply.ts')).applyCommand(arg, o, p.io, p))));
  program
    .command('history')
    .description('the recorded applies, newest first')
    .option('--target <url>', 'target URL (default: PERMCTL_TARGET, then ./permctl.yaml)')
    .option('--history <url>', 'history store of a live target (default: ./permctl.yaml history:)')
    .option('--user <login>', 'only applies that changed this user')
    .addOption(new Option('--limit <n>', 'how many records').default(20).argParser(positiveInt))
    .addOption(formatOption(formatsOf(HISTORY_RENDERERS)))
    .option('--verify', 'check the store instead: history chain, objects and access tables unchanged outside permctl', false)
    .action(async (o: { target?: string; history?: string; user?: string; limit: number; format: HistoryFormat; verify: boolean }) => setCode(await (await import('./commands/history.ts')).historyCommand(o, io)));
  program
    .command('import')
    .description("write a policy repository from the target's current state")
    .option('--target <url>', 'target URL (default: PERMCTL_TARGET)')
    .requiredOption('--out <dir>', 'directory to write the repository into')
    .action(async (o: { target?: string; out: string }) => setCode(await (await import('./commands/import.ts')).importCommand(o, io)));
  program
    .command('catalog')
    .description('list the permission catalog')
    .addOption(new Option('--format <format>', 'output format').choices(formatsOf(CATALOG_RENDERERS)).default('text'))
    .action(async (o: { format: CatalogFormat }) => setCode((await import('./commands/catalog.ts')).catalogCommand(o, io)));
  program
    .command('init')
    .description('write a working policy repository: permctl.yaml, one file per kind with editor modelines, schemas, .gitignore, CI workflow')
    .argument('[dir]', 'directory to create the repository in', '.')
    .option('--instance <name>', 'instance name (default: the directory name)')
    .action(async (dir: string, o: { instance?: string }) => setCode((await import('./commands/init.ts')).initCommand(dir, o, io)));
  program
    .command('report')
    .description('the access review: risky holders with profile and rule, users × permissions, who can hear each line, changes since a history entry')
    .argument('[dir]', REPOSITORY)
    .option('--html <file>', 'write the HTML report to FILE')
    .addOption(new Option('--format <format>', 'output format').choices(formatsOf(REPORT_RENDERERS)))
    .option('--out <file>', 'write to FILE instead of stdout')
    .option('--target <url>', 'also show the target: its fingerprint and the applies recorded since --since (default: PERMCTL_TARGET)')
    .addOption(new Option('--since <id>', 'history entry after which changes are listed').default(0).argParser(wholeNumber))
    .action(async (dir: string | undefined, o: ReportOptions) => setCode(await (await import('./commands/report.ts')).reportCommand(dir, o, ioFor())));
  program
    .command('comment')
    .description('create or update the pull-request comment showing a saved plan (and append it to the job summary)')
    .requiredOption('--plan <file>', 'plan file from permctl plan --out')
    .option('--repo <owner/name>', 'repository (default: GITHUB_REPOSITORY)')
    .addOption(new Option('--pr <n>', 'pull request number (default: from GITHUB_EVENT_PATH)').argParser(positiveInt))
    .option('--author <login>', "login the token writes as (default: GET /user, or github-actions[bot] where that is refused)")
    .option('--no-post', 'only write the job summary and print the comment; no token needed')
    .action(async (o: CommentOptions) => setCode(await (await import('./commands/comment.ts')).commentCommand(o, io, VERSION)));
  // Our own `help [command]`: commander's prints the general help for an unknown name, without
  // saying the name is unknown.
  program.helpCommand(false);
  program
    .command('help')
    .description('display help for a command')
    .argument('[command]', 'the command')
    .action((name: string | undefined) => {
      const command = name === undefined ? program : program.commands.find((c) => c.name() === name);
      if (command === undefined) {
        io.err(`error: unknown command '${name ?? ''}'`);
        io.err(`(commands: ${program.commands.map((c) => c.name()).join(', ')}; run permctl --help for usage)`);
        setCode(EXIT.error);
        return;
      }
      command.outputHelp();
    });
  return program;
}

export async function main(argv: readonly string[], io: Io = processIo()): Promise<number> {
  let code: number = EXIT.ok;
  const program = buildProgram(io, (c) => (code = c));
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return code;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? EXIT.ok : EXIT.error;
    // A path the user gave that cannot be used is their error, not a bug (see fs-errors.ts).
    const fsError = userFsError(e, io);
    if (fsError !== undefined) {
      reportDiagnostics([fsError], io);
      return EXIT.error;
    }
    io.err(`permctl: internal error: ${e instanceof Error ? e.message : String(e)}`);
    io.err('this is a bug in permctl; please report it with the command you ran');
    if (io.env.PERMCTL_DEBUG && e instanceof Error && e.stack) io.err(e.stack);
    return EXIT.error;
  }
}
