// Maps a path inside a parsed YAML document back to a source offset. When the path does not
// exist (a missing required field), the deepest node that does exist is used, so the
// diagnostic still points at the mapping that lacks it.
import { isAlias, isMap, isPair, isScalar, isSeq } from './yaml-lib.ts';
import type { Document, Node as YamlNode } from 'yaml';
import type { DocPath } from '../diagnostics/types.ts';

export function locateIn(doc: Document.Parsed, path: DocPath, atKey: boolean): number | undefined {
  let node: unknown = doc.contents;
  let offset = (doc.contents as YamlNode | null)?.range?.[0];
  for (let i = 0; i < path.length; i++) {
    if (isAlias(node)) node = node.resolve(doc);
    const seg = path[i];
    const last = i === path.length - 1;
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(seg));
      if (!pair) return offset;
      const keyNode = pair.key as YamlNode;
      if (last && atKey) return keyNode.range?.[0] ?? offset;
      node = pair.value;
      offset = (pair.value as YamlNode | null)?.range?.[0] ?? keyNode.range?.[0] ?? offset;
    } else if (isSeq(node) && typeof seg === 'number') {
      const item = node.items[seg] as YamlNode | undefined;
      if (item === undefined) return offset;
      node = item;
      offset = item.range?.[0] ?? offset;
    } else {
      return offset;
    }
  }
  return offset;
}
