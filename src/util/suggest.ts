// "Did you mean …?" — the closest known names to a misspelt one.
import { distance } from 'fastest-levenshtein';

export function suggest(input: string, candidates: Iterable<string>, max = 3): string[] {
  const needle = input.toLowerCase();
  const limit = Math.max(2, Math.floor(needle.length / 3));
  const scored: { name: string; d: number }[] = [];
  for (const name of candidates) {
    const hay = name.toLowerCase();
    // A case-only difference or a prefix is always a good suggestion.
    const d = hay === needle ? 0 : hay.startsWith(needle) || needle.startsWith(hay) ? 1 : distance(needle, hay);
    if (d <= limit) scored.push({ name, d });
  }
  return scored
    .sort((a, b) => a.d - b.d || a.name.localeCompare(b.name))
    .slice(0, max)
    .map((s) => s.name);
}
