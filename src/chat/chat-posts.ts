/** A message the bot posted for a record, so follow-ups go in its thread and it can be edited later. */
export interface ChatPost {
  /** `CMP-12` or `CMP-12/3` */
  readonly recordId: string;
  readonly platform: 'slack' | 'mattermost';
  readonly channel: string;
  /** Slack `ts`, Mattermost post id. */
  readonly messageId: string;
}

/** Where chat adapters remember their posts (the store implements it; it is adapter state, not notebook). */
export interface ChatPosts {
  rememberPost(post: ChatPost): void;
  findPost(recordId: string, platform: ChatPost['platform']): ChatPost | undefined;
}
