import type { Route } from '../http-server.js';
import type { ChatDeps } from './chat-deps.js';
import type { ChatNotifier } from './chat-notifier.js';
import type { ChatPosts } from './chat-posts.js';
import type { ChatRequest } from './chat-request.js';

/**
 * One chat platform as the composition root sees it (as bolt-js's Receiver is to its App): the
 * requests it takes, how the rest of the app posts on it, and its life. main.ts builds the list
 * of platforms that are on and wires each the same way. A new platform implements this.
 */
export interface ChatPlatform {
  readonly name: ChatRequest['platform'];
  /** Its routes on the app's one HTTP server (none in Slack's Socket Mode); main counts them and answers them first (answers-first). */
  readonly routes: readonly Route[];
  /** How the rest of the app posts on it (the Jira worker's notices, a command typed on another platform). */
  readonly notifier: ChatNotifier;
  /** Connects (Slack's Socket Mode); a platform that is only routes has nothing to start. */
  start(): Promise<void>;
  /** Stops taking requests and waits for the work they started after their answer (posts, downloads), so the database can close. */
  stop(): Promise<void>;
}

/** What every platform is built from: the chat layer, where posts are remembered, and the acks-first gate. */
export interface ChatPlatformDeps {
  readonly chat: ChatDeps;
  readonly chatPosts: ChatPosts;
  /** Resolves when no chat request waits for its answer (AnswersFirst.afterAnswers): work after an answer waits for it. Default: at once. */
  readonly afterAnswers?: () => Promise<void>;
}
