// The CLI's only contact with the terminal, injected so tests run commands in-process.
export interface Io {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  /** Colour on stdout: a TTY and NO_COLOR unset. */
  readonly color: boolean;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  /** Raw writes to a terminal's stderr for progress lines; absent when stderr is not a TTY. */
  readonly progress?: (text: string) => void;
  /** --quiet: no progress at all, neither the terminal line nor plain progress lines. */
  readonly quiet?: boolean;
}

export function processIo(): Io {
  return {
    out: (t) => process.stdout.write(t.endsWith('\n') || t === '' ? t : `${t}\n`),
    err: (t) => process.stderr.write(t.endsWith('\n') || t === '' ? t : `${t}\n`),
    color: process.stdout.isTTY && process.env.NO_COLOR === undefined && process.env.TERM !== 'dumb',
    env: process.env,
    cwd: process.cwd(),
    ...(process.stderr.isTTY && process.env.TERM !== 'dumb' ? { progress: (t: string) => void process.stderr.write(t) } : {}),
  };
}

/** Exit codes of SPEC.md. */
export const EXIT = { ok: 0, error: 1, changes: 2 } as const;
