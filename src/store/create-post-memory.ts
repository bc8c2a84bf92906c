import type { SqliteDatabase } from './open-database.js';
import { statementCache } from './statement-cache.js';

/** A message posted for a record on a chat platform (the chat layer's ChatPost has this shape). */
export interface RememberedPost {
  /** `CMP-12` or `CMP-12/3` (or a form submission's key). */
  readonly recordId: string;
  readonly platform: 'slack' | 'mattermost';
  readonly channel: string;
  /** Slack `ts`, Mattermost post id. */
  readonly messageId: string;
}

export interface PostMemory {
  /** Remembers the record's post on that platform; a later post of the same record replaces it. */
  rememberPost(post: RememberedPost): void;
  findPost(recordId: string, platform: RememberedPost['platform']): RememberedPost | undefined;
}

/**
 * Where the chat adapters remember their posts (table `chat_posts`), so follow-ups go in a
 * record's thread and its message can be edited. Adapter state, not notebook: the composition
 * root hands it to the chat layer as its ChatPosts port.
 */
export function createPostMemory(db: SqliteDatabase): PostMemory {
  const sql = statementCache(db);
  return {
    rememberPost(post) {
      sql(
        `INSERT INTO chat_posts (record_id, platform, channel, message_id) VALUES (?, ?, ?, ?)
         ON CONFLICT (record_id, platform) DO UPDATE SET channel = excluded.channel, message_id = excluded.message_id`,
      ).run(post.recordId, post.platform, post.channel, post.messageId);
    },

    findPost(recordId, platform) {
      const row = sql('SELECT * FROM chat_posts WHERE record_id = ? AND platform = ?').get(recordId, platform) as
        | { record_id: string; platform: RememberedPost['platform']; channel: string; message_id: string }
        | undefined;
      return row === undefined
        ? undefined
        : { recordId: row.record_id, platform: row.platform, channel: row.channel, messageId: row.message_id };
    },
  };
}
