// Regenerates src/lists/dimension-universe.json from daf_butler's dimension universe:
//   npx tsx scripts/update-dimension-universe.ts <path to dimensions.yaml> "<repository@commit>"
// (the file is python/lsst/daf/butler/configs/dimensions.yaml in lsst/daf_butler).
import { readFileSync, writeFileSync } from 'node:fs';
import { parse } from 'yaml';

interface Element {
  readonly keys?: readonly { readonly name: string; readonly type: string }[];
  readonly metadata?: readonly { readonly name: string }[];
}
interface Universe {
  readonly version: number;
  readonly namespace: string;
  readonly skypix: Readonly<Record<string, { readonly max_level?: number; readonly min_level?: number } | string>>;
  readonly elements: Readonly<Record<string, Element>>;
}

const [file, source] = process.argv.slice(2);
if (file === undefined || source === undefined) throw new Error('usage: update-dimension-universe.ts <dimensions.yaml> "<repository@commit>"');
const universe = parse(readFileSync(file, 'utf8')) as Universe;

// As daf_butler's dimensions/_config.py builds it: an element with keys is a dimension (the rest are
// dimension combinations), its primary key is the first key, whose type is int or string; each skypix
// system gives one integer dimension per level, min_level (default 1) to max_level.
const dimensions: Record<string, 'int' | 'string'> = {};
const fields: Record<string, string[]> = {};
for (const [name, element] of Object.entries(universe.elements)) {
  const [primary, ...alternates] = element.keys ?? [];
  if (primary === undefined) continue;
  if (primary.type !== 'int' && primary.type !== 'string') throw new Error(`${name}: primary key type ${primary.type}`);
  dimensions[name] = primary.type;
  for (const field of [...alternates, ...(element.metadata ?? [])]) (fields[field.name] ??= []).push(name);
}
for (const [system, config] of Object.entries(universe.skypix)) {
  if (typeof config === 'string') continue; // `common: htm7`
  for (let level = config.min_level ?? 1; level <= config.max_level!; level++) dimensions[`${system}${level}`] = 'int';
}
for (const name of Object.keys(fields)) if (name in dimensions) delete fields[name];

const out = {
  source: `${source} python/lsst/daf/butler/configs/dimensions.yaml, by scripts/update-dimension-universe.ts`,
  namespace: universe.namespace,
  version: universe.version,
  dimensions,
  fields,
};
writeFileSync(new URL('../src/lists/dimension-universe.json', import.meta.url), `${JSON.stringify(out, null, 2)}\n`);
