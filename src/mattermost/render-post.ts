import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import type { ChatButton, ChatMessage, Inline, MessageBlock } from '../chat/chat-message.js';
import { isRecordAction, type RecordAction } from '../chat/record-actions.js';
import type { MattermostClient } from './create-mattermost-client.js';
import { renderPosts } from './render-markdown.js';

/** How the platform renders posts: where buttons send their clicks, the key that signs them, and usernames for mentions. */
export interface MattermostRender {
  /** `{PUBLIC_URL}/mattermost/action`: where Mattermost sends a click. */
  readonly actionUrl: string;
  /** Signs each button's context (Mattermost signs nothing). */
  readonly actionKey: Buffer;
  /** A user's username, for an `@username` mention; undefined when it cannot be learnt. */
  usernameOf(userId: string): Promise<string | undefined>;
}

/** What a button carries back on a click: the action, the record and event it was drawn for, and the bot's signature over both. */
export interface ActionContext {
  readonly action: RecordAction;
  readonly record: string;
}

const LABEL = 'campaign-notebook/mattermost/action-context/v1';

/** The key that signs button contexts, derived like the dialog-state key (another label): changing either token invalidates old buttons. */
export function deriveActionKey(botToken: string, commandToken: string): Buffer {
  return Buffer.from(hkdfSync('sha256', `${botToken}\n${commandToken}`, '', LABEL, 32));
}

function sign(context: ActionContext, key: Buffer): string {
  return createHmac('sha256', key).update(`${context.action}\n${context.record}`).digest('base64url');
}

/** A click's context back, or undefined when the bot did not sign it (tampered, forged, or from before a token change). */
export function verifyActionContext(context: unknown, key: Buffer): ActionContext | undefined {
  if (!context || typeof context !== 'object') return undefined;
  const { action, record, sig } = context as Record<string, unknown>;
  if (!isRecordAction(action) || typeof record !== 'string' || typeof sig !== 'string') return undefined;
  const expected = Buffer.from(sign({ action, record }, key), 'base64url');
  const given = Buffer.from(sig, 'base64url');
  return given.length === expected.length && timingSafeEqual(given, expected) ? { action, record } : undefined;
}

// Mattermost's action styles; a button with none is `default`.
function attachmentAction(button: ChatButton, render: MattermostRender): Record<string, unknown> {
  const context: ActionContext = { action: button.action as RecordAction, record: button.value };
  return {
    // Only letters and digits: the route is /posts/{post_id}/actions/{action_id:[A-Za-z0-9]+}.
    id: button.action.replace(/[^A-Za-z0-9]/g, ''),
    type: 'button',
    name: button.label,
    style: button.style ?? 'default',
    integration: { url: render.actionUrl, context: { ...context, sig: sign(context, render.actionKey) } },
  };
}

/**
 * Mentions of Mattermost users with their usernames looked up (Mattermost mentions by
 * `@username`; the name a user last acted under in the notebook may be older, or missing).
 */
async function withUsernames(message: ChatMessage, render: MattermostRender): Promise<ChatMessage> {
  const lookUp = async (part: Inline): Promise<Inline> => {
    if (part.kind !== 'mention' || !part.userId.startsWith('mattermost:')) return part;
    const username = await render.usernameOf(part.userId.slice('mattermost:'.length));
    return username ? { ...part, name: username } : part;
  };
  const resolve = async (parts: readonly Inline[]): Promise<Inline[]> => Promise.all(parts.map(lookUp));
  const blocks = await Promise.all(
    message.blocks.map(async (block): Promise<MessageBlock> => {
      if (block.kind === 'paragraph' || block.kind === 'context') return { ...block, parts: await resolve(block.parts) };
      if (block.kind === 'fields') return { ...block, fields: await Promise.all(block.fields.map(async (field) => ({ ...field, value: await resolve(field.value) }))) };
      return block;
    }),
  );
  return { title: await resolve(message.title), blocks };
}

/**
 * A message as Mattermost posts: Markdown in parts of at most one post each, and for the first part
 * the props that carry its buttons (attachment actions), each with a signed context.
 */
export async function renderPost(message: ChatMessage, render: MattermostRender): Promise<{ parts: string[]; props?: Record<string, unknown> }> {
  const buttons = message.blocks.flatMap((block) => (block.kind === 'actions' ? block.buttons : []));
  const parts = renderPosts(await withUsernames(message, render));
  return { parts, ...(buttons.length > 0 ? { props: { attachments: [{ actions: buttons.map((button) => attachmentAction(button, render)) }] } } : {}) };
}

/** Usernames by user id through the REST API, remembered (a username rarely changes; a failed look-up is tried again next time). */
export function lookUpUsernames(client: Pick<MattermostClient, 'getUser'>, log: (line: string) => void): (userId: string) => Promise<string | undefined> {
  const known = new Map<string, string>();
  return async (userId) => {
    const cached = known.get(userId);
    if (cached) return cached;
    try {
      const user = await client.getUser(userId);
      known.set(userId, user.username);
      return user.username;
    } catch (error) {
      log(`[mattermost] cannot look up user ${userId} for a mention: ${(error as Error).message}`);
      return undefined;
    }
  };
}
