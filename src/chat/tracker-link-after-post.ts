import type { MessageLink } from './chat-message.js';
import type { ChatNotifier } from './chat-notifier.js';
import type { ChatPosts } from './chat-posts.js';

/**
 * `chatPosts` that also shows a record's tracker link on its post as soon as the post is
 * remembered, when the tracker linked the record first (Jira answered before the chat API did:
 * the notifier's `trackerLinked` found no post to edit then).
 */
export function trackerLinkAfterPost(
  chatPosts: ChatPosts,
  deps: {
    /** The record's tracker issue once linked (a cheap look-up: it runs after every post). */
    readonly linkedIssue: (recordId: string) => MessageLink | undefined;
    /** Every platform's notifier: the one of the post's platform finds the post and edits it. */
    readonly notifier: ChatNotifier;
    readonly warn: (line: string) => void;
  },
): ChatPosts {
  return {
    findPost: (recordId, platform) => chatPosts.findPost(recordId, platform),
    rememberPost(post) {
      chatPosts.rememberPost(post);
      const link = deps.linkedIssue(post.recordId);
      if (!link) return;
      deps.notifier.trackerLinked(post.recordId, link).catch((error: unknown) => deps.warn(`tracker link of ${post.recordId} not shown: ${(error as Error).message}`));
    },
  };
}
