// The `yaml` library, which the hardened parse (parse-yaml.ts) and its positions (locate.ts)
// use, loaded on first use: a repository the fast path reads whole never loads it (~15 ms of
// every run). Its own CommonJS build, required synchronously, since the load stage is.
import { createRequire } from 'node:module';
import type * as Yaml from 'yaml';
import type { Alias, Pair, Scalar, YAMLMap, YAMLSeq } from 'yaml';

let loaded: typeof Yaml | undefined;

export function yamlLib(): typeof Yaml {
  loaded ??= createRequire(import.meta.url)('yaml') as typeof Yaml;
  return loaded;
}

export const isAlias = (node: unknown): node is Alias => yamlLib().isAlias(node);
export const isMap = (node: unknown): node is YAMLMap => yamlLib().isMap(node);
export const isPair = (node: unknown): node is Pair => yamlLib().isPair(node);
export const isScalar = (node: unknown): node is Scalar => yamlLib().isScalar(node);
export const isSeq = (node: unknown): node is YAMLSeq => yamlLib().isSeq(node);
