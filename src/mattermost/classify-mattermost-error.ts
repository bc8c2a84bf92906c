import type { ChannelFailure } from '../chat/channel-outbox.js';
import { MattermostApiError } from './create-mattermost-client.js';

// Network failures where the request never left: nothing can have happened on the server.
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);

function networkCode(error: unknown): string | undefined {
  for (let cause: unknown = error, depth = 0; cause && depth < 5; cause = (cause as { cause?: unknown }).cause, depth += 1) {
    if ((cause as { name?: unknown }).name === 'TimeoutError') return 'TIMEOUT';
    const code = (cause as { code?: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return undefined;
}

/**
 * Sorts an error of the Mattermost client (create-mattermost-client) for the chat outbox: 401
 * parks (the bot's token), 403 and 404 fail the item as the channel's doing (the bot is not a
 * member, the channel is archived or gone), 429 waits its Retry-After, 5xx and the network retry.
 */
export function classifyMattermostError(error: unknown): ChannelFailure {
  if (error instanceof MattermostApiError) {
    const status = error.status;
    if (status === 401) {
      return { action: 'park', message: `Mattermost refused the bot's token (401): check MATTERMOST_BOT_TOKEN (revoked, or the bot account disabled?). Channel posts wait, nothing is lost, and they resume by themselves.` };
    }
    if (status === 403 || status === 404) return { action: 'fail', message: `Mattermost refused the post in its channel (${status}${error.errorId ? ` ${error.errorId}` : ''})`, channel: true };
    if (status === 429) return { action: 'retry', message: 'Mattermost rate-limited the bot (429)', ambiguous: false, ...(error.retryAfterMs === undefined ? {} : { retryAfterMs: error.retryAfterMs }) };
    // 500/502/504 may come after the post was made (a proxy gave up waiting); 503 refuses up front.
    if (status >= 500) return { action: 'retry', message: error.message, ambiguous: status !== 503 };
    return { action: 'fail', message: error.message, channel: false };
  }
  const code = networkCode(error) ?? 'ERR_NETWORK';
  const message = error instanceof Error ? error.message : String(error);
  return { action: 'retry', message: code === 'TIMEOUT' ? `Mattermost did not answer in time: ${message}` : `Cannot reach Mattermost (${code}): ${message}`, ambiguous: !NOT_SENT.has(code) };
}
