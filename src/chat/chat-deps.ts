import type { Notebook } from '../campaign/notebook.js';
import type { ChatFile } from './chat-effect.js';
import type { Actor, Campaign, Workflow } from '../campaign/records.js';
import type { AccessPolicy, GroupsOf } from './check-access.js';
import type { ChatMessage, MessageLink } from './chat-message.js';
import type { ListParser } from './validate-form.js';

/** What the chat layer needs, wired by main.ts and shared by every chat platform. */
export interface ChatDeps {
  readonly notebook: Notebook;
  /** The list parser of src/lists (every encoding, gzip); throws a ListError naming the line. */
  readonly parseList: ListParser;
  /** Status-tool links of a workflow (src/links over the config's `status_tools`); unknown placeholders left out. */
  readonly statusLinks: (campaign: Campaign, workflow: Workflow) => readonly MessageLink[];
  readonly access: AccessPolicy;
  /** The tracker (Jira) link of a record once known. */
  readonly trackerLink?: (recordId: string) => MessageLink | undefined;
  /**
   * Runs store writes as one transaction, so a record and the adapter's duplicate-submission key
   * commit together (main wires the SQLite transaction). Absent = each write commits on its own.
   */
  readonly atomically?: <T>(work: () => T) => T;
  /**
   * Resolves once every write committed so far is on disk (main wires the store's group commit):
   * awaited before a write is acknowledged. Absent = each commit is durable when it returns.
   */
  readonly flushed?: () => Promise<void>;
  /**
   * The platforms whose channels the notebook posts in (their outbox sinks are on): a campaign's
   * events are announced in its own channel when its platform is one of them. Absent = none.
   */
  readonly channelPlatforms?: readonly ('slack' | 'mattermost')[];
  /** Queues a redraw of the record's card in the chat outbox (a stale card clicked). Absent = no channel posts. */
  readonly redrawCard?: (recordId: string) => void;
  /** Where a record's channel posts stand, one line when some still wait or failed (for `show`). */
  readonly channelState?: (recordId: string) => string | undefined;
  /**
   * `/campaign export` built off the event loop (main wires a worker thread with its own database
   * connection): a list of millions of data IDs takes seconds. Absent = notebook.exportRecord here.
   */
  readonly exportRecord?: (ref: string) => Promise<readonly ChatFile[]>;
  /** The app's clock (main wires the one reminders run on). Absent = the system's. */
  readonly now?: () => Date;
  /** Workflows with no news for this long show as quiet in a digest (config `reminders.quiet`; default 24 h). */
  readonly quietMs?: number;
  /** `/campaign sync`: re-queues what failed (channel posts, Jira mirroring) and says what it did. */
  readonly sync?: (by: Actor) => Promise<string> | string;
}

/** The per-platform part: how to learn a user's groups (for `access.writers` group ids), and how much an answer takes there. */
export interface PlatformAccess {
  readonly groupsOf: GroupsOf;
  /** How many private messages an answer takes on this platform, each whole (e.g. renderMessages' length). */
  readonly messagesOf?: (message: ChatMessage) => number;
  /** A user's platform id from their username (Mattermost asks its server); absent = only users the command's text mentions with ids. */
  readonly userIdOf?: (username: string) => Promise<string | undefined>;
}
