/** A data ID: dimension names mapped to primary-key values, e.g. {instrument: 'LSSTCam', visit: 2025052100123, detector: 42}. */
export type DimensionValue = string | number;
export type DataId = Readonly<Record<string, DimensionValue>>;

const INTEGER_DIMENSIONS = new Set(['visit', 'exposure', 'detector', 'tract', 'patch', 'day_obs', 'seq_num']);

/** Integer dimensions (Butler primary keys that are integers); every other dimension is a string. */
export function isIntegerDimension(name: string): boolean {
  return INTEGER_DIMENSIONS.has(name) || name.startsWith('healpix');
}
