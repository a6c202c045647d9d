// The floor: what reading the repository's YAML files and parsing them with the fastest general
// YAML parser available (js-yaml) costs, with nothing else. (permctl's own subset parser is
// faster on the files it reads, but reads only plain block YAML.) Reported on fd 3 like child.ts.
import { readdirSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import * as jsyaml from 'js-yaml';

const start = performance.now();
const dir = process.argv[2] ?? '.';
let docs = 0;
for (const e of readdirSync(dir, { recursive: true, withFileTypes: true })) {
  if (!e.isFile() || !/\.ya?ml$/.test(e.name)) continue;
  docs += jsyaml.loadAll(readFileSync(join(e.parentPath, e.name), 'utf8'), null, { schema: jsyaml.CORE_SCHEMA }).length;
}
writeSync(3, JSON.stringify({ code: docs > 0 ? 0 : 1, ms: performance.now() - start, maxRssMb: process.resourceUsage().maxRSS / 1024, cpuMs: (process.cpuUsage().user + process.cpuUsage().system) / 1000 }));
