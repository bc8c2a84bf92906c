/** Trims a text field; blank becomes undefined, so an empty form field is "not given". */
export function cleanText(value: string | undefined): string | undefined {
  const text = value?.trim();
  return text === undefined || text === '' ? undefined : text;
}

/** The record without its undefined fields (so stored and exported records hold only what was given). */
export function withoutUndefined<T extends object>(record: T): T {
  // A loop, not entries/filter/fromEntries: every row read from the store goes through here.
  const kept: Record<string, unknown> = {};
  for (const key in record) if (record[key] !== undefined) kept[key] = record[key];
  return kept as T;
}
