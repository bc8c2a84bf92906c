import dafButler from './dimension-universe.json' with { type: 'json' };

/** A dimension's primary-key type, as daf_butler's universe declares it. */
export type DimensionKeyType = 'int' | 'string';

/**
 * The dimensions a data ID may name and each one's key type: daf_butler's universe (kept as data in
 * dimension-universe.json, regenerated from dimensions.yaml by scripts/update-dimension-universe.ts),
 * plus the dimensions a site declares (`lists.extra_dimensions` in the config file).
 */
export interface DimensionUniverse {
  /** `daf_butler universe version 8`, as messages name it. */
  readonly name: string;
  readonly keyTypes: ReadonlyMap<string, DimensionKeyType>;
  /** Fields (metadata and alternate keys) that are not dimensions, with the dimensions that have them: `seq_num` → exposure, visit. */
  readonly fields: ReadonlyMap<string, readonly string[]>;
}

/** daf_butler's own universe, built once. */
export const DAF_BUTLER_UNIVERSE: DimensionUniverse = {
  name: `${dafButler.namespace} universe version ${dafButler.version}`,
  keyTypes: new Map(Object.entries(dafButler.dimensions) as [string, DimensionKeyType][]),
  fields: new Map(Object.entries(dafButler.fields)),
};

const withExtras = new WeakMap<object, DimensionUniverse>();

/** The universe with a site's extra dimensions added (built once per declaration object). */
export function universeWith(extra: Readonly<Record<string, DimensionKeyType>> | undefined): DimensionUniverse {
  if (extra === undefined || Object.keys(extra).length === 0) return DAF_BUTLER_UNIVERSE;
  let universe = withExtras.get(extra);
  if (universe === undefined) {
    universe = {
      name: `${DAF_BUTLER_UNIVERSE.name} with the config's lists.extra_dimensions`,
      keyTypes: new Map([...DAF_BUTLER_UNIVERSE.keyTypes, ...Object.entries(extra)]),
      fields: DAF_BUTLER_UNIVERSE.fields,
    };
    withExtras.set(extra, universe);
  }
  return universe;
}

/** Why `name` is not a dimension, with the nearest dimension or what the name is instead. */
export function notADimension(universe: DimensionUniverse, name: string): string {
  const head = `${name} is not a dimension of the ${universe.name}`;
  const nearest = nearestDimension(universe, name);
  if (nearest !== undefined) return `${head}; did you mean ${nearest}?`;
  const owners = universe.fields.get(name);
  if (owners !== undefined) return `${head}: it is a field of ${owners.join(' and ')}; name ${owners.length === 1 ? 'that dimension' : 'one of those dimensions'} instead`;
  return `${head}; if your repository's universe has it, declare it in the config file under lists.extra_dimensions (${name}: int or string)`;
}

/** The dimension within two edits of `name` (case ignored), the closest one. */
function nearestDimension(universe: DimensionUniverse, name: string): string | undefined {
  const lower = name.toLowerCase();
  let best: string | undefined;
  let bestDistance = 3;
  for (const dimension of universe.keyTypes.keys()) {
    // The distance is at least the difference in length: a 10 MB name costs nothing.
    if (Math.abs(lower.length - dimension.length) >= bestDistance) continue;
    const distance = editDistance(lower, dimension);
    if (distance < bestDistance) {
      best = dimension;
      bestDistance = distance;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}
