/** A data ID: dimension names mapped to primary-key values, e.g. {instrument: 'LSSTCam', visit: 2025052100123, detector: 42}. */
export type DimensionValue = string | number;
export type DataId = Readonly<Record<string, DimensionValue>>;
