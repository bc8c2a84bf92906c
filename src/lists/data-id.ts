import { DAF_BUTLER_UNIVERSE } from './dimension-universe.js';

/** A data ID: dimension names mapped to primary-key values, e.g. {instrument: 'LSSTCam', visit: 2025052100123, detector: 42}. */
export type DimensionValue = string | number;
export type DataId = Readonly<Record<string, DimensionValue>>;

/** Whether daf_butler's universe gives the dimension an integer primary key (visit, detector, htm7...); every other name is taken as a string. */
export function isIntegerDimension(name: string): boolean {
  return DAF_BUTLER_UNIVERSE.keyTypes.get(name) === 'int';
}
