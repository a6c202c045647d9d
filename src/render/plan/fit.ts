// Fitting a Markdown comment under a length limit. GitHub rejects a comment over 65,536
// characters, and a plan for 50,000 users is far longer, so rows are dropped from the end of
// whichever section is largest at the time (one huge section shrinks before small ones lose
// anything) and each shortened section says how many rows it lost.

/** A table's rows, made on demand: with 50,000 users only the few hundred that fit are escaped. */
export interface Rows {
  readonly count: number;
  /** The escaped cells of row i. */
  readonly cells: (i: number) => readonly string[];
}

/** A table under a heading. */
export interface Section {
  readonly title: string;
  readonly intro?: string;
  readonly columns: readonly string[];
  readonly rows: Rows;
}

export function rowsOf<T>(items: readonly T[], cells: (item: T) => readonly string[]): Rows {
  return { count: items.length, cells: (i) => (i < items.length ? cells(items[i] as T) : []) };
}

export const moreRows = (n: number): string => `… ${n} more row${n === 1 ? '' : 's'} not shown; run permctl plan locally for the full plan.`;
const CUT = '\n… the rest is not shown; run permctl plan locally for the full plan.\n';

interface Part {
  readonly opening: string;
  readonly count: number;
  /** Rendered rows: a prefix of the section's, as long as could possibly fit. */
  readonly rows: readonly string[];
  kept: number;
  rowChars: number;
  size: number;
}

const row = (cells: readonly string[]): string => `| ${cells.join(' | ')} |\n`;

function opening(s: Section): string {
  const intro = s.intro === undefined ? '' : `${s.intro}\n\n`;
  return `\n#### ${s.title}\n\n${intro}${row(s.columns)}${row(s.columns.map(() => '---'))}`;
}

// A blank line first: a plain line straight after a table would be read as one more row.
const note = (p: Part): string => (p.kept < p.count ? `\n${moreRows(p.count - p.kept)}\n` : '');
const sizeOf = (p: Part): number => p.opening.length + p.rowChars + note(p).length;

/** `head` followed by the sections, keeping as many rows as fit in `max` characters. */
export function fitSections(head: string, sections: readonly Section[], max: number): string {
  const parts = sections.map((s): Part => {
    // Rows past `max` characters can never be shown, so they are counted, not rendered.
    const rows: string[] = [];
    let rowChars = 0;
    for (let i = 0; i < s.rows.count && rowChars <= max; i++) {
      const r = row(s.rows.cells(i));
      rows.push(r);
      rowChars += r.length;
    }
    return { opening: opening(s), count: s.rows.count, rows, kept: rows.length, rowChars, size: 0 };
  });
  let total = head.length;
  for (const p of parts) total += p.size = sizeOf(p);
  while (total > max) {
    const p = largestWithRows(parts);
    if (p === undefined) break;
    p.kept -= 1;
    p.rowChars -= p.rows[p.kept]?.length ?? 0;
    const size = sizeOf(p);
    total += size - p.size;
    p.size = size;
  }
  return hardCut(head + parts.map((p) => p.opening + p.rows.slice(0, p.kept).join('') + note(p)).join(''), max);
}

function largestWithRows(parts: readonly Part[]): Part | undefined {
  let best: Part | undefined;
  for (const p of parts) if (p.kept > 0 && (best === undefined || p.size > best.size)) best = p;
  return best;
}

// Only when even the headings do not fit (a tiny limit): cut at a line end, never past `max`.
function hardCut(text: string, max: number): string {
  if (text.length <= max) return text;
  const end = text.lastIndexOf('\n', max - CUT.length);
  return end > 0 ? text.slice(0, end) + CUT : text.slice(0, max);
}
