import type { ChannelQueue } from '../chat/channel-sink.js';
import type { MessageLink } from '../chat/chat-message.js';
import { describeJiraSync, type JiraSyncState } from './jira-sync-state.js';
import type { JiraMirrorNotices } from './jira-sink.js';

/**
 * The worker's news as channel posts, through the chat outbox: a linked issue redraws the record's
 * card, a refusal is a notice in its thread (both queued in the transaction that marks the Jira
 * item), a parked queue a notice at the top of the campaign's channel.
 */
export function jiraNoticesForChat(channels: ChannelQueue, log: (line: string) => void = console.log): JiraMirrorNotices {
  return {
    onLinked: (recordId) => channels.queueCardRedraw(recordId),
    onFailed: (_recordId, _message, _errors, eventSeq) => channels.queueNotice(eventSeq, 'jira_refused'),
    onParked: (_message, _recordId, eventSeq) => channels.queueNotice(eventSeq, 'jira_parked'),
    onResumed: () => log('jira: mirroring resumed'),
  };
}

/** `/campaign show`: the record's issue link when it exists, else its sync state as a label (no url). */
export function jiraTrackerLink(sync: JiraSyncState): MessageLink | undefined {
  if (sync.state === 'off') return undefined;
  if (sync.state === 'linked' && sync.issue) return { label: sync.issue.key, url: sync.issue.url };
  const line = describeJiraSync(sync).replace(/^Jira: /, '');
  return sync.issue ? { label: line, url: sync.issue.url } : { label: line };
}
