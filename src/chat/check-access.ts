import { simpleMessage, text, code, type ChatMessage, type Inline } from './chat-message.js';
import type { ChatRequest } from './chat-request.js';

/** Who may write, from the config (`access.writers`, `slack.team_id` / `mattermost.team_id`). */
export interface AccessPolicy {
  /** User ids or user-group ids; empty = everyone may write. */
  readonly writers: readonly string[];
  /** Per platform: requests from another team (Slack workspace, Mattermost team) are refused. */
  readonly teamIds?: { readonly [platform in ChatRequest['platform']]?: string };
}

/** The user's groups among `candidates` (the adapter asks its platform; cached there). */
export type GroupsOf = (userId: string, candidates: readonly string[]) => Promise<readonly string[]>;

/**
 * Why this request is refused, as a message that says who can grant access; undefined when allowed.
 * Reads are open to everyone in the team; writes to `writers` (users, or members of listed groups).
 */
export async function accessRefusal(
  request: ChatRequest,
  write: boolean,
  policy: AccessPolicy,
  groupsOf: GroupsOf,
): Promise<ChatMessage | undefined> {
  const teamId = policy.teamIds?.[request.platform];
  if (teamId !== undefined && request.teamId !== teamId) {
    return simpleMessage([text('Not allowed')], [
      text('This notebook serves another workspace. Ask its operators (the people who run the campaign-notebook bot) to set '),
      code(`${request.platform}.team_id`),
      text(' if it should serve this one.'),
    ]);
  }
  if (!write || policy.writers.length === 0 || policy.writers.includes(request.userId)) return undefined;
  const groups = policy.writers.filter((id) => id !== request.userId);
  const member = await groupsOf(request.userId, groups);
  if (member.length > 0) return undefined;
  const who: Inline[] = policy.writers.slice(0, 20).flatMap((id, index) => [
    ...(index > 0 ? [text(', ')] : []),
    code(id),
  ]);
  return simpleMessage([text('Not allowed')], [
    text('Only the writers listed in the notebook config may record. Writers: '),
    ...who,
    text('. Ask one of them, or the bot operators, to add you (or a group of yours) to '),
    code('access.writers'),
    text('.'),
  ]);
}
