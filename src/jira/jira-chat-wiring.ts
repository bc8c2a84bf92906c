import type { Notebook } from '../campaign/notebook.js';
import type { ChatNotifier } from '../chat/chat-notifier.js';
import { simpleMessage, text, type MessageLink } from '../chat/chat-message.js';
import { describeJiraSync, type JiraSyncState } from './jira-sync-state.js';
import type { JiraMirrorNotices } from './jira-sink.js';
import type { JiraMirror } from './start-jira-mirror.js';

/**
 * The worker's notices as chat posts: the link onto the record's message, refusals in its thread,
 * and a parked queue (401/403, all records wait) at the top of the campaign's channel.
 */
export function jiraNoticesForChat(
  notifier: ChatNotifier,
  notebook: Pick<Notebook, 'show'>,
  log: (line: string) => void = console.log,
): JiraMirrorNotices {
  return {
    onLinked: (recordId, key, url) => notifier.trackerLinked(recordId, { label: key, url }),
    onFailed: (recordId, message, errors) =>
      notifier.postInThread(
        recordId,
        simpleMessage(
          // Slack cuts a title at 150 characters: Jira's message goes in the body.
          [text(`Jira refused ${recordId}`)],
          [text(message)],
          ...Object.entries(errors).map(([field, error]) => [text(`${field}: ${error}`)]),
          [text('Fix the cause (the record, or jira settings in the config), then run /campaign sync.')],
        ),
      ),
    onParked: async (message, recordId) => {
      const channel = notebook.show(recordId).campaign.channel;
      if (!channel || !notifier.platforms.includes(channel.platform)) {
        log(`jira: no chat channel to tell that Jira is parked (${recordId}'s campaign has none on a platform that is on): ${message}`);
        return;
      }
      await notifier.postInChannel(channel, { message: simpleMessage([text('Jira mirroring is paused')], [text(message)]) });
    },
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

/** `/campaign sync`: re-queues what Jira refused and says how much. */
export function jiraSyncReply(mirror: JiraMirror): string {
  const count = mirror.requeueFailed();
  return count === 0
    ? 'Nothing to re-queue: no Jira item has failed. (Pending items are retried on their own.)'
    : `Re-queued ${count} Jira item${count === 1 ? '' : 's'} that had failed; they go out now.`;
}
