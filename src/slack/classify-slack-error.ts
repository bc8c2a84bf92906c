import { webApi } from '@slack/bolt';
import type { ChannelFailure } from '../chat/channel-outbox.js';

// Slack refuses the token or the app's grants: nothing on Slack goes through until someone fixes it.
const CREDENTIALS = new Set([
  'not_authed',
  'invalid_auth',
  'account_inactive',
  'token_revoked',
  'token_expired',
  'no_permission',
  'missing_scope',
  'not_allowed_token_type',
  'team_access_not_granted',
  'ekm_access_denied',
  'app_missing_action_url',
]);
// The channel refuses the bot: fixed in the channel (invite, unarchive), then /campaign sync.
const CHANNEL = new Set(['channel_not_found', 'not_in_channel', 'is_archived', 'restricted_action', 'restricted_action_read_only_channel', 'restricted_action_thread_only_channel', 'restricted_action_non_threadable_channel']);
// Slack's own passing trouble; request_timeout may come after the message was made.
const TRANSIENT = new Set(['internal_error', 'fatal_error', 'service_unavailable', 'request_timeout', 'ratelimited']);

// Codes of network failures where the request never left: nothing can have happened on Slack.
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);

function networkCode(error: unknown): string | undefined {
  for (let cause: unknown = error, depth = 0; cause && depth < 5; cause = (cause as { cause?: unknown }).cause, depth += 1) {
    const code = (cause as { code?: unknown }).code;
    if (typeof code === 'string' && !code.startsWith('slack_')) return code;
    if ((cause as { name?: unknown }).name === 'TimeoutError') return 'TIMEOUT';
  }
  return undefined;
}

/**
 * Sorts an error of the Web API client of the chat outbox (no retries of its own,
 * `rejectRateLimitedCalls: true`): a platform error by its code, 429 by its Retry-After, an HTTP
 * error by its status, a network error by whether the request can have reached Slack.
 */
export function classifySlackError(error: unknown): ChannelFailure {
  if (error instanceof webApi.WebAPIRateLimitedError) {
    return { action: 'retry', message: `Slack rate-limited the bot (retry after ${error.retryAfter} s)`, ambiguous: false, retryAfterMs: error.retryAfter * 1000 };
  }
  if (error instanceof webApi.WebAPIPlatformError) {
    const data = error.data as { error?: string; needed?: string; response_metadata?: { retryAfter?: number } };
    const code = data.error ?? 'unknown_error';
    if (CREDENTIALS.has(code)) {
      const what = code === 'missing_scope' ? `the bot lacks the scope ${data.needed ?? '(not named)'}: add it in the app's settings (or manifest.json) and reinstall the app` : 'check SLACK_BOT_TOKEN (revoked, expired, or the app uninstalled?)';
      return { action: 'park', message: `Slack refused the bot (${code}): ${what}. Channel posts wait, nothing is lost, and they resume by themselves.` };
    }
    if (CHANNEL.has(code)) return { action: 'fail', message: `Slack refused the post in its channel (${code})`, channel: true };
    if (TRANSIENT.has(code)) {
      const retryAfter = data.response_metadata?.retryAfter;
      return { action: 'retry', message: `Slack answered ${code}`, ambiguous: code === 'request_timeout', ...(retryAfter ? { retryAfterMs: retryAfter * 1000 } : {}) };
    }
    return { action: 'fail', message: `Slack refused the call (${code})`, channel: false };
  }
  if (error instanceof webApi.WebAPIHTTPError) {
    // 500/502/504 may come after Slack made the message (a proxy gave up waiting); 503 refuses up front.
    const ambiguous = error.statusCode !== 503;
    return { action: 'retry', message: `Slack answered HTTP ${error.statusCode}`, ambiguous };
  }
  const code = networkCode(error) ?? 'ERR_NETWORK';
  const message = error instanceof Error ? error.message : String(error);
  return { action: 'retry', message: `${code === 'TIMEOUT' ? 'Slack did not answer in time' : `Cannot reach Slack (${code})`}: ${message}`, ambiguous: !NOT_SENT.has(code) };
}
