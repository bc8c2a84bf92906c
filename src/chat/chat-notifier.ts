import type { ChannelRef } from '../campaign/records.js';
import type { ChatDeps } from './chat-deps.js';
import type { ChatMessage, MessageLink } from './chat-message.js';
import { recordCardMessage } from './record-cards.js';

/** A message for a channel: at its top level, or in the thread of `threadOf`'s message; remembered as `recordId`'s message. */
export interface ChannelPost {
  readonly message: ChatMessage;
  readonly recordId?: string;
  readonly threadOf?: string;
}

/**
 * How other parts (the Jira worker, a command typed on another platform) tell the channels about a
 * record after the fact. Each chat platform implements it; `combineNotifiers` fans out to all that
 * are on. `trackerLinked` and `postInThread` log their failures, never throw (the record stands
 * either way); `postInChannel` rejects, so a caller with a user to tell can tell them.
 */
export interface ChatNotifier {
  /** The platforms it posts on. */
  readonly platforms: readonly ChannelRef['platform'][];
  /** The record's tracker issue is known: its card is redrawn to show the link. */
  trackerLinked(recordId: string, link: MessageLink): Promise<void>;
  /** The record's card is redrawn as the record is now, by the platform that holds it (the others have no post for it). */
  redrawCard(recordId: string): Promise<void>;
  /** A message in the thread of the record's channel message (e.g. Jira refused an item). */
  postInThread(recordId: string, message: ChatMessage): Promise<void>;
  /** A message in `channel` (a campaign's own), posted by the notifier of its platform; the others ignore it. */
  postInChannel(channel: ChannelRef, post: ChannelPost): Promise<void>;
}

/**
 * `work(key)` run at most once at a time per key: calls while it runs fold into one more run after
 * it. A card is drawn as its record is now, so one redraw after a burst of events shows them all.
 */
export function coalescePerKey(work: (key: string) => Promise<void>): (key: string) => Promise<void> {
  const runs = new Map<string, { readonly current: Promise<void>; next?: Promise<void> }>();
  const start = (key: string): Promise<void> => {
    const current = work(key).finally(() => {
      const run = runs.get(key);
      if (run?.current !== current) return;
      if (run.next) return;
      runs.delete(key);
    });
    runs.set(key, { current });
    return current;
  };
  return (key) => {
    const run = runs.get(key);
    if (!run) return start(key);
    run.next ??= run.current.catch(() => undefined).then(() => start(key));
    return run.next;
  };
}

/** All platforms' notifiers as one. Reads `notifiers` at each call, so adapters may join after it is made. */
export function combineNotifiers(notifiers: readonly ChatNotifier[]): ChatNotifier {
  // A burst of events of one campaign (clicks on many of its workflows) redraws its card once or twice, not once each.
  const redraw = coalescePerKey(async (recordId) => {
    await Promise.all(notifiers.map((notifier) => notifier.redrawCard(recordId)));
  });
  return {
    get platforms() {
      return notifiers.flatMap((notifier) => notifier.platforms);
    },
    async trackerLinked(recordId, link) {
      await Promise.all(notifiers.map((notifier) => notifier.trackerLinked(recordId, link)));
    },
    redrawCard: redraw,
    async postInThread(recordId, message) {
      await Promise.all(notifiers.map((notifier) => notifier.postInThread(recordId, message)));
    },
    async postInChannel(channel, post) {
      await Promise.all(notifiers.filter((notifier) => notifier.platforms.includes(channel.platform)).map((notifier) => notifier.postInChannel(channel, post)));
    },
  };
}

/** Carries out a `post` effect for a channel on another platform than the request's, through `notifier`. */
export async function postOnOtherPlatform(
  notifier: ChatNotifier | undefined,
  effect: ChannelPost & { readonly channelId: string; readonly platform: ChannelRef['platform'] },
): Promise<void> {
  if (!notifier?.platforms.includes(effect.platform)) throw new Error(`Cannot post in ${effect.platform} channel ${effect.channelId}: ${effect.platform} is not on`);
  await notifier.postInChannel({ platform: effect.platform, id: effect.channelId }, effect);
}

/** The record's card with its tracker link: what each notifier's `trackerLinked` redraws the post to. */
export function trackerLinkedMessage(chat: Pick<ChatDeps, 'notebook' | 'statusLinks' | 'trackerLink'>, recordId: string, link: MessageLink): ChatMessage {
  return recordCardMessage(chat, recordId, link);
}
