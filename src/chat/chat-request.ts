import type { Actor } from '../campaign/records.js';

/** Who asked, from where: the platform-neutral part of a slash command or form submission. */
export interface ChatRequest {
  readonly platform: 'slack' | 'mattermost';
  /** The platform's user id (Slack `U0123ABCD`). */
  readonly userId: string;
  readonly userName: string;
  /** The channel the command was typed in (or the form was opened from). */
  readonly channelId: string;
  readonly teamId?: string;
  /** The users the command's text mentions, as written (`@jdoe`) to their platform user id, when the platform sent ids (Slack does). */
  readonly mentions?: Readonly<Record<string, string>>;
}

/** How each platform is named to people. */
export const PLATFORM_NAMES: Readonly<Record<ChatRequest['platform'], string>> = { slack: 'Slack', mattermost: 'Mattermost' };

/** The notebook's actor for a chat user: `slack:U0123`, `mattermost:abc`. */
export function actorOf(request: ChatRequest): Actor {
  return { id: `${request.platform}:${request.userId}`, name: request.userName || request.userId };
}
