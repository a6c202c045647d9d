// Every name in a plan comes from YAML that anyone who can open a pull request writes, and a
// saved plan file can be edited by hand. So nothing from a plan reaches a PR comment or a
// terminal as written: these two functions are the only way plan text gets out.

// Line breaks would end a table row (or a terminal line) early: they become spaces.
const LINE_BREAKS = /\r\n|[\n\r\t\v\f\u0085\u2028\u2029]/g;
// Other controls (terminal escapes) and invisible format characters (bidi overrides, zero-width
// spaces) can hide or reorder text, so that one login passes for another in a review. They are
// shown as their code point instead.
const HIDDEN = /[\p{Cc}\p{Cf}]/gu;

/** One line of plain text: line breaks become spaces, hidden characters become `[U+XXXX]`. */
export function plainText(text: string): string {
  // String(): a hand-edited plan file may hold a number where a name belongs.
  return String(text).replace(LINE_BREAKS, ' ').replace(HIDDEN, (c) => `[U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}]`);
}

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
