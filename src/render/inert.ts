// Text from a repository, a target or a plan file reaches terminals and CI logs only through
// these. Every command's text output uses them for names, hierarchies and file names:
// - plainText: line breaks become spaces; terminal escapes (ANSI, OSC-8), bidi overrides and
//   zero-width characters become [U+XXXX];
// - excerpt: a value longer than EXCERPT characters is cut, saying how long it was, so a 5 MB
//   key is not echoed whole;
// - lineStart: a line must not start with `::` (a GitHub Actions workflow command).
// This is the single source of inert text: Markdown output (plan/escape.ts escapeMarkdown, the
// PR comment's code spans in comment/inert.ts) layers its own escaping on top of these.

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

export const EXCERPT = 120;
/** Sentences permctl composes (a reason, a message) quote paths and errors: a longer cut. */
export const REASON_EXCERPT = 1000;

/** At most EXCERPT characters of `text`, never splitting a surrogate pair. */
export function excerpt(text: string, max = EXCERPT): string {
  if (text.length <= max) return text;
  let head = text.slice(0, max);
  const last = head.charCodeAt(head.length - 1);
  if (last >= 0xd800 && last <= 0xdbff) head = head.slice(0, -1);
  return `${head}… (${text.length} characters)`;
}

/** One value from outside, safe inside a line of text. */
export function inert(value: unknown): string {
  // Cut first: escaping a 5 MB value only to drop most of it would be wasted work.
  return plainText(excerpt(String(value)));
}

/** A sentence permctl composed (a reason): inert, cut at REASON_EXCERPT. Not `inert`'s second
 *  parameter, so `names.map(inert)` cannot pass an index as the length. */
export function inertSentence(value: unknown): string {
  return plainText(excerpt(String(value), REASON_EXCERPT));
}

/** A name shown whole up to `max` characters (a table cell, a code span): inert, and cut with
 *  how long it was beyond that. */
export function inertName(value: unknown, max: number): string {
  return plainText(excerpt(String(value), max));
}

/** A value that begins a line: never a workflow command. */
export function lineStart(value: unknown): string {
  const text = inert(value);
  return /^\s*::/.test(text) ? `./${text}` : text;
}
