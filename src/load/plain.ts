// Which files the fast path may read (see fast-parse.ts). Kept apart, with no imports, so the
// parse worker loads nothing it does not need.

// Characters and words whose presence sends a file to the hardened parse. Deliberately broad:
// a '!', '&' or '?' inside a quoted description costs only speed, never correctness. Plain
// substring searches: a 10 MB repository is scanned in milliseconds.
const NEEDS_HARDENED = ['&', '*', '!', '%', '<<', '?', '__proto__', 'constructor', 'prototype'];
// C1 controls but NEL (U+0085) included: js-yaml refuses them, so such a file would reach the
// hardened parse anyway; refusing here keeps the subset parser (subset-parse.ts) from meeting them.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const NON_PRINTABLE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u0084\u0086-\u009F\uFFFE\uFFFF]/;

export function isPlainYaml(text: string): boolean {
  for (const s of NEEDS_HARDENED) if (text.includes(s)) return false;
  return !NON_PRINTABLE.test(text);
}
