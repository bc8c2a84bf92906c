import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ChatDeps, PlatformAccess } from '../chat/chat-deps.js';
import type { ChatEffect } from '../chat/chat-effect.js';
import { simpleMessage, text, type ChatMessage } from '../chat/chat-message.js';
import { UserError } from '../campaign/user-error.js';
import type { ChatPosts } from '../chat/chat-posts.js';
import type { ChatRequest } from '../chat/chat-request.js';
import { handleCommand } from '../chat/handle-command.js';
import { readBody, type Route } from '../http-server.js';
import { commandTokenMatches } from './command-token-matches.js';
import type { MattermostClient } from './create-mattermost-client.js';
import { escapeMarkdown } from './escape-markdown.js';
import { renderMarkdown, splitMarkdown } from './render-markdown.js';
import { failureMessage, reportMattermostFailure } from './report-mattermost-failure.js';
import { runMattermostEffects, type MattermostEffectContext } from './run-mattermost-effects.js';

/** What the Mattermost routes share, built once by createMattermostAdapter. */
export interface MattermostRouteDeps {
  readonly client: MattermostClient;
  readonly chat: ChatDeps;
  readonly chatPosts: ChatPosts;
  readonly platform: PlatformAccess;
  readonly commandToken: string;
  readonly stateKey: Buffer;
  readonly dialogUrl: string;
  readonly log: (line: string) => void;
  readonly warn: (line: string) => void;
  /** Runs work after the HTTP answer, tracked so shutdown can wait for it. */
  readonly background: (work: () => Promise<void>) => void;
  /** Resolves when no chat request waits for its answer (see answers-first.ts). */
  readonly afterAnswers: () => Promise<void>;
}

// Mattermost waits for the answer to a slash command; answer well inside 3 s, the rest follows.
const ANSWER_WITHIN_MS = 2_000;
// A command's text is at most one post (16,383 characters), form-encoded.
const COMMAND_BODY_LIMIT = 256 * 1024;

function answer(res: ServerResponse, status: number, body: { response_type: 'ephemeral' | 'in_channel'; text: string }): void {
  // skip_slack_parsing: Mattermost would otherwise turn `<url|text>` in user text into a link.
  const json = JSON.stringify({ ...body, skip_slack_parsing: true });
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(json) });
  res.end(json);
}

type Outcome = { readonly effects: readonly ChatEffect[] } | { readonly error: unknown } | { readonly late: true };

/**
 * `POST /mattermost/command`: Mattermost's custom slash command. The token is checked before
 * anything else (401 and no side effect when wrong); the chat layer's replies come back in the
 * HTTP answer, and posts, dialogs and uploads follow right after it.
 */
export function mattermostCommandRoute(deps: MattermostRouteDeps): Route {
  return {
    method: 'POST',
    path: '/mattermost/command',
    bodyLimit: COMMAND_BODY_LIMIT,
    async handle(req: IncomingMessage, res: ServerResponse) {
      const raw = await readBody(req, COMMAND_BODY_LIMIT);
      if (!commandTokenMatches(req.headers.authorization, deps.commandToken)) {
        deps.warn('[mattermost] refused a slash command without the right token (Authorization: Token ...); check MATTERMOST_COMMAND_TOKEN');
        answer(res, 401, { response_type: 'ephemeral', text: 'This slash command is not the one the bot was set up with: its token does not match.' });
        return;
      }
      const form = new URLSearchParams(raw.toString('utf8'));
      const request: ChatRequest = {
        platform: 'mattermost',
        userId: form.get('user_id') ?? '',
        userName: form.get('user_name') ?? '',
        channelId: form.get('channel_id') ?? '',
        teamId: form.get('team_id') ?? '',
      };
      if (!request.userId || !request.channelId) {
        answer(res, 400, { response_type: 'ephemeral', text: 'A slash command needs user_id and channel_id.' });
        return;
      }
      const commandText = form.get('text') ?? '';
      const responseUrl = form.get('response_url') || undefined;
      const verb = commandText.trim().split(/\s+/)[0] || 'help';

      const replyLater = async (message: ChatMessage) => {
        for (const part of splitMarkdown(renderMarkdown(message))) {
          if (responseUrl) await deps.client.respond(responseUrl, { response_type: 'ephemeral', text: part });
          else await deps.client.createEphemeralPost(request.userId, { channel_id: request.channelId, message: part });
        }
      };
      const context: MattermostEffectContext = {
        client: deps.client,
        chatPosts: deps.chatPosts,
        userId: request.userId,
        userName: request.userName,
        ...(request.teamId ? { teamId: request.teamId } : {}),
        reply: replyLater,
        ...(form.get('trigger_id') ? { triggerId: form.get('trigger_id')! } : {}),
        dialogUrl: deps.dialogUrl,
        stateKey: deps.stateKey,
        ...(deps.chat.notifier ? { notifier: deps.chat.notifier } : {}),
      };
      const runLater = (effects: readonly ChatEffect[]) =>
        deps.background(async () => {
          try {
            // Posts wait for a moment when no request waits for its answer; a dialog opens at once (its trigger expires).
            if (!effects.some((effect) => effect.kind === 'openForm')) await deps.afterAnswers();
            await runMattermostEffects(effects, context);
          } catch (error) {
            if (error instanceof UserError) {
              deps.warn(`[mattermost] /campaign ${verb}: ${error.message}${error.cause ? ` (${(error.cause as Error).message})` : ''}`);
              await replyLater(simpleMessage([text(error.message)])).catch((tellError: unknown) =>
                deps.log(`[mattermost] could not tell the user: ${(tellError as Error).message}`),
              );
            } else await reportMattermostFailure(deps.log, `/campaign ${verb}`, error, replyLater);
          }
        });

      const work = handleCommand(commandText, request, deps.chat, deps.platform);
      let timer: NodeJS.Timeout | undefined;
      const outcome: Outcome = await Promise.race([
        work.then((effects) => ({ effects }), (error: unknown) => ({ error })),
        new Promise<Outcome>((resolve) => {
          timer = setTimeout(() => resolve({ late: true }), ANSWER_WITHIN_MS);
        }),
      ]);
      clearTimeout(timer);

      if ('late' in outcome) {
        answer(res, 200, { response_type: 'ephemeral', text: `Working on /campaign ${escapeMarkdown(verb)}…` });
        deps.background(async () => {
          try {
            runLater(await work);
          } catch (error) {
            await reportMattermostFailure(deps.log, `/campaign ${verb}`, error, replyLater);
          }
        });
        return;
      }
      if ('error' in outcome) {
        const errorId = await reportMattermostFailure(deps.log, `/campaign ${verb}`, outcome.error, async () => undefined);
        answer(res, 200, { response_type: 'ephemeral', text: renderMarkdown(failureMessage(`/campaign ${verb}`, errorId)) });
        return;
      }
      // The replies before the first other effect go in the answer; the rest run after it, in order.
      const firstOther = outcome.effects.findIndex((effect) => effect.kind !== 'reply');
      const now = firstOther === -1 ? outcome.effects : outcome.effects.slice(0, firstOther);
      const later = firstOther === -1 ? [] : outcome.effects.slice(firstOther);
      const parts = now.flatMap((effect) => (effect.kind === 'reply' ? splitMarkdown(renderMarkdown(effect.message)) : []));
      answer(res, 200, { response_type: 'ephemeral', text: parts[0] ?? '' });
      const overflow = parts.slice(1);
      if (overflow.length > 0 || later.length > 0) {
        deps.background(async () => {
          try {
            for (const part of overflow) {
              if (responseUrl) await deps.client.respond(responseUrl, { response_type: 'ephemeral', text: part });
              else await deps.client.createEphemeralPost(request.userId, { channel_id: request.channelId, message: part });
            }
          } catch (error) {
            deps.log(`[mattermost] could not send the rest of a long reply: ${(error as Error).message}`);
          }
          if (later.length > 0) runLater(later);
        });
      }
    },
  };
}
