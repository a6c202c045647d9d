// Fitting the comment under GitHub's limit, section by section. Each section is a fixed head,
// a list of items and a tail; items are rendered on demand and only as far as could ever fit,
// so a 50,000-user plan costs a few hundred rendered rows. While the comment is too long the
// largest shrinkable section loses its last item; a section that lost items says how many.
// Sections marked `keep` (the risky grants) lose nothing while anything else can shrink.

export interface Block {
  readonly head: string;
  readonly count: number;
  readonly item: (i: number) => string;
  readonly tail: string;
  /** The line saying `n` items are not shown. */
  readonly omitted: (n: number) => string;
  readonly keep?: boolean;
}

interface Part {
  readonly block: Block;
  readonly items: readonly string[];
  kept: number;
  itemChars: number;
  size: number;
}

const noteOf = (p: Part): string => (p.kept < p.block.count ? p.block.omitted(p.block.count - p.kept) : '');
const sizeOf = (p: Part): number => p.block.head.length + p.itemChars + p.block.tail.length + noteOf(p).length;

export function renderPart(p: { readonly block: Block; readonly items: readonly string[]; readonly kept: number }): string {
  const omitted = p.block.count - p.kept;
  return p.block.head + p.items.slice(0, p.kept).join('') + p.block.tail + (omitted > 0 ? p.block.omitted(omitted) : '');
}

function prepare(block: Block, max: number): Part {
  const items: string[] = [];
  let itemChars = 0;
  for (let i = 0; i < block.count && itemChars <= max; i++) {
    const s = block.item(i);
    items.push(s);
    itemChars += s.length;
  }
  const p: Part = { block, items, kept: items.length, itemChars, size: 0 };
  p.size = sizeOf(p);
  return p;
}

function largest(parts: readonly Part[], keep: boolean): Part | undefined {
  let best: Part | undefined;
  for (const p of parts) if (p.kept > 0 && (keep || p.block.keep !== true) && (best === undefined || p.size > best.size)) best = p;
  return best;
}

export const CUT_NOTE = '\n… the rest of this comment is cut to fit GitHub\'s limit; run `permctl plan` for the full plan.\n';

/** `head`, the blocks, then `foot`, in at most `max` characters. */
export function fitBlocks(head: string, blocks: readonly Block[], foot: string, max: number): string {
  const parts = blocks.map((b) => prepare(b, max));
  let total = head.length + foot.length;
  for (const p of parts) total += p.size;
  while (total > max) {
    const p = largest(parts, false) ?? largest(parts, true);
    if (p === undefined) break;
    p.kept -= 1;
    p.itemChars -= p.items[p.kept]?.length ?? 0;
    const size = sizeOf(p);
    total += size - p.size;
    p.size = size;
  }
  const text = head + parts.map(renderPart).join('') + foot;
  if (text.length <= max) return text;
  // Only when even the headings do not fit a tiny limit: cut at a line end.
  const end = text.lastIndexOf('\n', max - CUT_NOTE.length);
  return end > 0 ? text.slice(0, end) + CUT_NOTE : text.slice(0, max);
}
