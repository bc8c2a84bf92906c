import type { ChatMessage, MessageLink } from './chat-message.js';

/**
 * How other parts (the Jira worker) tell the channels about a record after the fact. Each chat
 * platform implements it; `combineNotifiers` fans out to all that are on. Failures are logged by
 * the implementation, never thrown (the record stands either way).
 */
export interface ChatNotifier {
  /** The record's tracker issue is known: its channel message is updated to show the link. */
  trackerLinked(recordId: string, link: MessageLink): Promise<void>;
  /** A message in the thread of the record's channel message (e.g. Jira refused an item). */
  postInThread(recordId: string, message: ChatMessage): Promise<void>;
}

export function combineNotifiers(notifiers: readonly ChatNotifier[]): ChatNotifier {
  return {
    async trackerLinked(recordId, link) {
      await Promise.all(notifiers.map((notifier) => notifier.trackerLinked(recordId, link)));
    },
    async postInThread(recordId, message) {
      await Promise.all(notifiers.map((notifier) => notifier.postInThread(recordId, message)));
    },
  };
}
