/** A data ID: dimension names mapped to primary-key values, e.g. {instrument: 'LSSTCam', visit: 2025052100123, detector: 42}. */
export type DimensionValue = string | number;
export type DataId = Readonly<Record<string, DimensionValue>>;

/** `detector=42 visit=2025111500226` (dimensions in name order): how a data ID is written in every answer. */
export function formatDataId(dataId: DataId): string {
  return Object.keys(dataId)
    .sort()
    .map((name) => `${name}=${dataId[name]}`)
    .join(' ');
}
