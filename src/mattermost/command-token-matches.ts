import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

// Comparing digests keeps the comparison constant-time whatever the lengths.
const COMPARE_KEY = randomBytes(32);

const digest = (value: string) => createHmac('sha256', COMPARE_KEY).update(value).digest();

/** True when `Authorization: Token <token>` carries the slash command's token (constant-time). */
export function commandTokenMatches(authorization: string | undefined, expected: string): boolean {
  const match = /^Token\s+(\S+)\s*$/i.exec(authorization ?? '');
  const given = match?.[1] ?? '';
  const same = timingSafeEqual(digest(given), digest(expected));
  return same && given.length > 0 && expected.length > 0;
}
