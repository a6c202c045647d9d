// Colour for terminal renderers. Renderers stay pure: the CLI decides whether colour is on
// (a TTY without NO_COLOR) and passes the flag in.
import { styleText } from 'node:util';

export type Colour = 'red' | 'yellow' | 'green' | 'cyan' | 'bold' | 'dim';

export type Paint = (colour: Colour, text: string) => string;

export const plain: Paint = (_c, text) => text;
export const ansi: Paint = (colour, text) => styleText(colour, text, { validateStream: false });

export function paintFor(color: boolean): Paint {
  return color ? ansi : plain;
}
