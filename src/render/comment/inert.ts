// Making text from a plan inert in a GitHub comment, without corrupting what a reviewer copies.
//
// Names (logins, profiles, permissions, lines) go in code spans: GitHub renders their content
// literally (no Markdown, no HTML), and its mention, issue-reference and emoji filters skip
// <code>, so `@org/team` and `#1` notify nobody, while an e-mail address copies as itself
// (escapeMarkdown's zero-width space after `@` would travel into the clipboard). What a code
// span cannot hold is handled here: line breaks and hidden characters (bidi overrides,
// zero-width spaces) are shown as [U+XXXX] by plainText; a backtick run gets a longer fence;
// `|` is escaped (GFM splits table cells before it parses code spans).
// Prose (finding messages, which quote names) is escaped with escapeMarkdown, except that each
// word holding `@` or `#` becomes a code span too, for the same reason.
// What makes text inert in any output (line breaks, hidden characters, cutting) is the shared
// render/inert.ts; only the Markdown-specific layers are here.
import { inertName, plainText } from '../inert.ts';
import { escapeMarkdown } from '../plan/escape.ts';

/** A name longer than this is cut (valid names are at most 127 characters). */
export const NAME_CHARS_SHOWN = 200;

function longestRun(text: string, char: string): number {
  let best = 0;
  let run = 0;
  for (const c of text) {
    run = c === char ? run + 1 : 0;
    if (run > best) best = run;
  }
  return best;
}

/** A code span showing `text` literally; `cell` when it stands in a table cell. */
export function code(raw: string, cell = false): string {
  const text = inertName(raw, NAME_CHARS_SHOWN);
  if (text.trim() === '') return `*(${text === '' ? 'empty' : 'blank'})*`;
  const fence = '`'.repeat(longestRun(text, '`') + 1);
  // A leading or trailing backtick (or space) would merge with the fence: pad with a space,
  // which CommonMark strips again from both ends.
  const pad = /^[` ]|[` ]$/.test(text) ? ' ' : '';
  return `${fence}${pad}${cell ? text.replace(/\|/g, '\\|') : text}${pad}${fence}`;
}

const WORD_NEEDS_CODE = /[@#`]/;

// An absolute path in a message (a store file on the runner, a temp dir) is the runner's
// business: only its last part is shown. URLs (scheme://) are left alone.
const MACHINE_PATH = /^(["'(]*(?:[a-z][a-z0-9+.-]*:)?)\/(?!\/)(?:[^\s/]+\/)+([^\s/]*)$/i;
const hidePath = (w: string): string => w.replace(MACHINE_PATH, '$1…/$2');

/** Prose from a plan (a finding's message): Markdown-inert, words with @ or # as code spans. */
export function prose(raw: string, cell = false): string {
  return plainText(String(raw))
    .split(' ')
    .map(hidePath)
    .map((w) => {
      if (!WORD_NEEDS_CODE.test(w)) return escapeMarkdown(w);
      // Quotes and punctuation around a name stay outside the span, so the name copies alone.
      const [, lead = '', core = '', trail = ''] = /^(["'(“‘]*)(.*?)(["')”’.,;:!?]*)$/su.exec(w) ?? [];
      return core === '' ? code(w, cell) : `${escapeMarkdown(lead)}${code(core, cell)}${escapeMarkdown(trail)}`;
    })
    .join(' ');
}

/** A backtick fence that no line of `body` can close. */
export function fenceFor(body: string): string {
  return '`'.repeat(Math.max(3, longestRun(body, '`') + 1));
}

/** A fenced code block that no line of `body` can close. `body` is already plain text. */
export function fenced(body: string, info: string): string {
  const fence = fenceFor(body);
  return `${fence}${info}\n${body}${body.endsWith('\n') ? '' : '\n'}${fence}\n`;
}
