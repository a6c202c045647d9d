// One way to add an output format: every kind of result has a registry of renderers keyed by
// format name, and the CLI's --format choices are the registry's keys. A renderer is pure
// (result in, string out); only the CLI writes. Adding a format is one file and one line.
import type { Paint } from './style.ts';

export interface RenderOptions {
  readonly paint: Paint;
  /** Text formats that list findings: how many to print before "… and N more". */
  readonly maxErrors?: number;
}

export interface Renderer<R> {
  readonly description: string;
  readonly render: (result: R, opts: RenderOptions) => string;
}

export type Registry<R> = Readonly<Record<string, Renderer<R>>>;

/** The format names of a registry, for commander's .choices(). */
export function formatsOf(registry: Registry<never>): string[] {
  return Object.keys(registry);
}

export function renderWith<R, T extends Registry<R>>(registry: T, format: keyof T & string, result: R, opts: RenderOptions): string {
  const renderer = registry[format];
  if (renderer === undefined) throw new Error(`no ${format} renderer`); // the CLI only offers registered formats
  return renderer.render(result, opts);
}
