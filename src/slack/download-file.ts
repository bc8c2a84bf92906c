import { UserError } from '../campaign/user-error.js';
import type { SlackFileRef } from './read-slack-submission.js';

/**
 * Downloads a file a user attached, with the bot token, refusing what is not the file: an HTML
 * login page (Slack answers 200 with one when the token is missing or lacks files:read), a size
 * over `maxBytes`, or a URL outside Slack's file host (the token must not go anywhere else).
 */
export async function downloadFile(
  file: SlackFileRef,
  options: { readonly botToken: string; readonly maxBytes: number; readonly allowedOrigin: string; readonly field: string; readonly timeoutMs?: number },
): Promise<Uint8Array> {
  const tooBig = () =>
    new UserError(
      `${file.name} is over the ${Math.round(options.maxBytes / 1e6)} MB limit: gzip it, or store it with \`campaign lists add\` and give sha256:<prefix> instead.`,
      { [options.field]: `${file.name} is over the ${Math.round(options.maxBytes / 1e6)} MB limit: gzip it, or store it with campaign lists add and give sha256:<prefix>.` },
    );
  if (file.size !== undefined && file.size > options.maxBytes) throw tooBig();
  let url: URL;
  try {
    url = new URL(file.url);
  } catch (error) {
    throw new Error(`Slack gave a file URL that does not parse: ${file.url}`, { cause: error });
  }
  if (url.origin !== options.allowedOrigin) throw new Error(`Refusing to send the bot token to ${url.origin} (files come from ${options.allowedOrigin})`);
  const response = await fetch(url, {
    headers: { Authorization: `Bearer ${options.botToken}` },
    redirect: 'manual',
    signal: AbortSignal.timeout(options.timeoutMs ?? 120_000),
  });
  const contentType = response.headers.get('content-type') ?? '';
  if (response.status >= 300 && response.status < 400) {
    throw new UserError(`Slack redirected the download of ${file.name} (probably to a login page): is the bot installed with files:read?`, {
      [options.field]: `Could not download ${file.name}: Slack sent a login page instead (the bot may lack files:read). Try again or paste the list.`,
    });
  }
  if (!response.ok) throw new Error(`Downloading ${file.name} failed: HTTP ${response.status}`);
  if (/text\/html/i.test(contentType)) {
    await response.body?.cancel();
    throw new UserError(`Slack answered with an HTML login page instead of ${file.name}`, {
      [options.field]: `Could not download ${file.name}: Slack sent a login page instead (the bot may lack files:read). Try again or paste the list.`,
    });
  }
  const declared = Number(response.headers.get('content-length') ?? 0);
  if (declared > options.maxBytes) {
    await response.body?.cancel();
    throw tooBig();
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (response.body) {
    for await (const chunk of response.body as AsyncIterable<Uint8Array>) {
      size += chunk.length;
      if (size > options.maxBytes) throw tooBig();
      chunks.push(chunk);
    }
  }
  const bytes = Buffer.concat(chunks);
  if (/^\s*<(!doctype html|html)/i.test(bytes.subarray(0, 64).toString('latin1'))) {
    throw new UserError(`Slack answered with an HTML page instead of ${file.name}`, {
      [options.field]: `Could not download ${file.name}: Slack sent a login page instead (the bot may lack files:read). Try again or paste the list.`,
    });
  }
  return bytes;
}
