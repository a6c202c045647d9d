// `permctl init`: the files of a new, valid policy repository. Pure: the template (a valid
// repository shipped in src/init/template/), the schemas and the version in; paths and
// contents out. The command writes them.
import { dotted } from './layout.ts';

export interface InitInput {
  readonly instance: string;
  readonly template: ReadonlyMap<string, string>;
  readonly schemas: ReadonlyMap<string, string>;
  readonly version: string;
}

/** An instance name from a directory name: the characters permctl.yaml allows, else a default. */
export function instanceName(dirName: string): string {
  const name = dirName.replace(/[^a-zA-Z0-9_.-]+/g, '-').replace(/^[-.]+|[-.]+$/g, '').slice(0, 127);
  return name === '' ? 'my-instance' : name;
}

export function initFiles(input: InitInput): Map<string, string> {
  const files = new Map<string, string>();
  for (const [path, text] of input.template) {
    files.set(dotted(path), text.replaceAll('__INSTANCE__', input.instance).replaceAll('__VERSION__', input.version));
  }
  for (const [path, text] of input.schemas) files.set(path, text);
  return files;
}
