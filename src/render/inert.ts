// Text from a repository, a target or a plan file reaches terminals and CI logs only through
// these. Every command's text output uses them for names, hierarchies and file names:
// - plainText (plan/escape.ts): line breaks become spaces; terminal escapes (ANSI, OSC-8),
//   bidi overrides and zero-width characters become [U+XXXX];
// - excerpt: a value longer than EXCERPT characters is cut, saying how long it was, so a 5 MB
//   key is not echoed whole;
// - lineStart: a line must not start with `::` (a GitHub Actions workflow command).
import { plainText } from './plan/escape.ts';

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

/** A value that begins a line: never a workflow command. */
export function lineStart(value: unknown): string {
  const text = inert(value);
  return /^\s*::/.test(text) ? `./${text}` : text;
}
