import type { IncomingMessage, ServerResponse } from 'node:http';
import { answerCommand } from '../chat/answer-command.js';
import type { ChatDeps, PlatformAccess } from '../chat/chat-deps.js';
import type { ChatMessage } from '../chat/chat-message.js';
import type { ChatPosts } from '../chat/chat-posts.js';
import type { ChatRequest } from '../chat/chat-request.js';
import { handleCommand } from '../chat/handle-command.js';
import type { UploadLimits } from '../chat/pack-uploads.js';
import type { ReportFailure } from '../chat/report-failure.js';
import { answerAndRest, countResponseUrlUses, tellPrivately } from '../chat/response-url.js';
import { readBody, type Route } from '../http-server.js';
import { commandTokenMatches } from './command-token-matches.js';
import type { MattermostClient } from './create-mattermost-client.js';
import { escapeMarkdown } from './escape-markdown.js';
import { renderPosts } from './render-markdown.js';
import type { MattermostRender } from './render-post.js';
import { mattermostEffectContext, runMattermostEffects } from './run-mattermost-effects.js';

/** What the Mattermost routes share, built once by createMattermostPlatform. */
export interface MattermostRouteDeps {
  readonly client: MattermostClient;
  readonly chat: ChatDeps;
  readonly chatPosts: ChatPosts;
  readonly platform: PlatformAccess;
  readonly commandToken: string;
  readonly stateKey: Buffer;
  readonly dialogUrl: string;
  /** How posts are rendered: buttons (signed with their key) and mentions. */
  readonly render: MattermostRender;
  /** What one upload request may carry (an export is packed to fit: packUploads). */
  readonly uploadLimits: UploadLimits;
  /** Failures, whole lines. */
  readonly log: (line: string) => void;
  /** Refused requests and the user's own mistakes, worth a look but not failures (prefixed `[mattermost]`). */
  readonly warn: (line: string) => void;
  /** Resolves when no chat request waits for its answer (see answers-first.ts). */
  readonly afterAnswers: () => Promise<void>;
  readonly report: ReportFailure;
}

// Mattermost waits up to 30 s for a slash command's answer (its outgoing integration timeout); the
// person sees nothing meanwhile, so answer within 2 s and let the rest follow.
const ANSWER_WITHIN_MS = 2_000;
// A command's text is at most one post (16,383 characters), form-encoded.
const COMMAND_BODY_LIMIT = 256 * 1024;

function answer(res: ServerResponse, status: number, body: { response_type: 'ephemeral' | 'in_channel'; text: string }): void {
  // skip_slack_parsing: Mattermost would otherwise turn `<url|text>` in user text into a link.
  const json = JSON.stringify({ ...body, skip_slack_parsing: true });
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(json) });
  res.end(json);
}

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
        deps.warn('refused a slash command without the right token (Authorization: Token ...); check MATTERMOST_COMMAND_TOKEN');
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
      const responseUrlOf = form.get('response_url') || undefined;
      const verb = commandText.trim().split(/\s+/)[0] || 'help';

      // After the answer: through the command's response_url while it lasts (5 posts), else ephemeral posts; each whole.
      const responseUrl = responseUrlOf === undefined ? undefined : countResponseUrlUses((part: string) => deps.client.respond(responseUrlOf, { response_type: 'ephemeral', text: part }));
      const tell = (message: ChatMessage) =>
        tellPrivately(message, renderPosts, responseUrl, (part) => deps.client.createEphemeralPost(request.userId, { channel_id: request.channelId, message: part }));
      const context = mattermostEffectContext(deps, request, tell, form.get('trigger_id') || undefined);
      await answerCommand(
        verb,
        handleCommand(commandText, request, deps.chat, deps.platform),
        {
          async answer(reply) {
            // A reply longer than one post: its first part is the answer, the rest follows through the response_url.
            const [first, rest] = reply ? answerAndRest(reply, renderPosts, responseUrl) : ['', []];
            answer(res, 200, { response_type: 'ephemeral', text: first });
            try {
              for (const part of rest) await responseUrl!.send(part);
            } catch (error) {
              await deps.report(`/campaign ${verb}: the rest of a long answer`, error);
            }
          },
          answerLater: async () => answer(res, 200, { response_type: 'ephemeral', text: `Working on /campaign ${escapeMarkdown(verb)}…` }),
          run: (effects) => runMattermostEffects(effects, context),
          tell,
        },
        { afterAnswers: deps.afterAnswers, report: deps.report, warn: deps.warn, answerWithinMs: ANSWER_WITHIN_MS },
      );
    },
  };
}
