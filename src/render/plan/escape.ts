// Every name in a plan comes from YAML that anyone who can open a pull request writes, and a
// saved plan file can be edited by hand. So nothing from a plan reaches a PR comment or a
// terminal as written: these two functions are the only way plan text gets out.

// plainText lives with the other inert-text helpers (render/inert.ts), the single source every
// output format builds on; it is re-exported here for the plan renderers.
import { plainText } from '../inert.ts';

export { plainText };

// HTML-significant characters become entities, so no tag (or a second hidden marker comment)
// can start. `@` and `#` get a zero-width space after them: GitHub finds @mentions, e-mail
// autolinks and #123 issue references in the rendered text, where an entity alone is already
// decoded back to `@`, so only a character between them stops the notification.
const REPLACEMENTS: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '@': '&#64;&#8203;',
  '#': '\\#&#8203;',
};
// Markdown punctuation, plus `$` (GitHub math) and `:` (emoji shortcodes, URL autolinks). A
// backslash escape works for any ASCII punctuation, `|` inside table cells included.
const SPECIAL = /[\\`*_{}[\]()#+\-.!|~$:&<>@]/g;

/** Text that renders as itself in GitHub Markdown, in a paragraph, a heading or a table cell. */
export function escapeMarkdown(text: string): string {
  return plainText(text).replace(SPECIAL, (c) => REPLACEMENTS[c] ?? `\\${c}`);
}
