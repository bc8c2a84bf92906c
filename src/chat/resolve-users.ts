import { UserError } from '../campaign/user-error.js';
import type { PlatformAccess } from './chat-deps.js';
import { PLATFORM_NAMES, type ChatRequest } from './chat-request.js';

/**
 * The notebook's user ids (`slack:U0123`, `mattermost:<id>`) of users named in a command: mentions
 * (`@jdoe`) on the request's platform, or ids written out (`slack:U0123`, `cli:jdoe`). Anyone it
 * cannot find is a UserError naming them.
 */
export async function resolveUsers(names: readonly string[], request: ChatRequest, platform: PlatformAccess): Promise<string[]> {
  const ids: string[] = [];
  const unknown: string[] = [];
  for (const name of names) {
    if (!name.startsWith('@') && /^[a-z]+:\S+$/.test(name)) {
      ids.push(name);
      continue;
    }
    const mentioned = request.mentions?.[name] ?? (name.startsWith('@') ? await platform.userIdOf?.(name.slice(1)) : undefined);
    if (mentioned === undefined) unknown.push(name);
    else ids.push(`${request.platform}:${mentioned}`);
  }
  if (unknown.length > 0) {
    throw new UserError(
      `No ${PLATFORM_NAMES[request.platform]} user found for ${unknown.map((name) => `"${name}"`).join(', ')}: mention each person (type @ and pick them from the list), or write their notebook id (slack:U0123, mattermost:<id>, cli:<login>)`,
    );
  }
  return ids;
}
