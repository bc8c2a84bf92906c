import { formatDataId, type DataId, type DimensionValue } from '../lists/data-id.js';
import { notADimension, type DimensionUniverse } from '../lists/dimension-universe.js';
import type { NotebookDeps } from './notebook-deps.js';
import type { WhyMatch } from './records.js';
import { UserError } from './user-error.js';

/** `why` refuses questions matching more entries than this (e.g. `instrument=LSSTCam` alone). */
export const WHY_MATCH_LIMIT = 10_000;

/**
 * Every workflow whose inclusion or exclusion lists name this data ID, fully or partly, newest
 * first; a question matching more than WHY_MATCH_LIMIT entries is a UserError asking for more dimensions.
 */
export function why(deps: NotebookDeps, dataId: DataId): readonly WhyMatch[] {
  const asked = normalizeDataId(dataId, deps.universe);
  const matches = deps.store.why(asked, WHY_MATCH_LIMIT);
  if (matches === undefined) {
    throw new UserError(`More than ${WHY_MATCH_LIMIT} list entries match ${formatDataId(asked)}: name more dimensions to narrow the question`);
  }
  return matches;
}

/**
 * The data ID as the lists store it: integer dimensions of the universe as numbers (from text too),
 * string dimensions as text; a name that is not a dimension or a wrong value is a UserError.
 */
export function normalizeDataId(dataId: DataId, universe: DimensionUniverse): DataId {
  const names = Object.keys(dataId);
  if (names.length === 0) {
    throw new UserError('Name at least one dimension, e.g. `why visit=2025111500226 detector=42`');
  }
  const normalized: Record<string, DimensionValue> = {};
  for (const name of names.sort()) {
    if (!/^[a-z][a-z0-9_]*$/.test(name)) {
      throw new UserError(`"${name}" is not a dimension name: expected lowercase letters, digits and "_", e.g. visit`);
    }
    const keyType = universe.keyTypes.get(name);
    if (keyType === undefined) throw new UserError(notADimension(universe, name));
    const value = dataId[name]!;
    if (keyType === 'int') {
      const number = typeof value === 'number' ? value : /^-?\d+$/.test(value.trim()) ? Number(value.trim()) : NaN;
      if (!Number.isSafeInteger(number)) {
        throw new UserError(`${name}=${value}: ${name} is an integer dimension; expected an integer such as 42`);
      }
      normalized[name] = number;
    } else {
      const text = String(value).trim();
      if (text === '') throw new UserError(`${name} has no value; expected e.g. ${name}=LSSTCam`);
      normalized[name] = text;
    }
  }
  return normalized;
}
