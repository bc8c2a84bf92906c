import { campaignId } from '../campaign/record-reference.js';
import type { OutboxSink, SendFailure } from '../outbox/outbox-sink.js';
import type { OutboxItem } from '../store/outbox-store.js';
import { classifyJiraError } from './classify-jira-error.js';
import { createsIssue, MirrorDeferred, mirrorItem, MirrorRefused, type MirrorContext, type MirrorOutcome } from './mirror-item.js';

/** The outbox sink name of the Jira mirror. */
export const JIRA_SINK = 'jira';

/** What the worker tells the chat layer. Each is called at most once per occurrence; errors are logged. */
export interface JiraMirrorNotices {
  /** The record's issue exists: update its channel message with the link. */
  onLinked?(recordId: string, issueKey: string, url: string): void | Promise<void>;
  /**
   * Jira refused our credentials: everything waits. Called once per distinct problem, says what to
   * fix; `recordId` is the record whose item found out (its channel is one to tell).
   */
  onParked?(message: string, recordId: string): void | Promise<void>;
  /** The credentials work again; the queue drains. */
  onResumed?(): void | Promise<void>;
  /** Jira refused one item (400 and the like): post `message` and Jira's per-field `errors` in the record's thread. */
  onFailed?(recordId: string, message: string, errors: Readonly<Record<string, string>>): void | Promise<void>;
}

/**
 * Jira as an outbox sink: what to send for each event (mirrorItem), how to read Jira's errors,
 * the credential probe, and the rule that a record's events wait for the issue they go to (a
 * workflow's sub-task waits for its campaign's issue); a record defined before Jira was on has its
 * creating event queued first. Its notices go to `notices` (the chat channels).
 */
export function jiraSink(ctx: MirrorContext, notices: JiraMirrorNotices, log: (line: string) => void): OutboxSink<MirrorOutcome> {
  const { store, config } = ctx;
  return {
    name: JIRA_SINK,
    workflowLanes: config.workflowMode === 'subtask',

    readiness() {
      // Many lanes wait on one campaign's issue: look each creation up once per pass.
      const creations = new Map<string, OutboxItem | undefined>();
      return (head) => {
        const campaign = campaignId(head.campaignNumber);
        const needed = createsIssue(head, config.workflowMode) ? (head.lane === campaign ? undefined : campaign) : head.lane;
        if (needed === undefined) return true;
        if (!creations.has(needed)) creations.set(needed, store.creationItem(needed));
        const creation = creations.get(needed);
        if (creation === undefined) {
          const seq = store.creationEventSeq(needed);
          if (seq !== undefined) store.queueEvent(seq);
          return false;
        }
        if (creation.state === 'done') return true;
        if (creation.state === 'failed') {
          const reason = `waits for ${needed}'s Jira issue, which Jira refused (${creation.lastError ?? 'failed'}); fix that, then /campaign sync`;
          if (head.lastError !== reason) store.markWaiting(head.id, reason, head.nextAttemptAt);
        }
        return false;
      };
    },

    send: (item) => mirrorItem(item, ctx),

    classify(error): SendFailure {
      if (error instanceof MirrorDeferred) return { action: 'wait', message: error.message, delayMs: error.delayMs };
      if (error instanceof MirrorRefused) return { action: 'fail', message: error.message, errors: {} };
      const failure = classifyJiraError(error, ctx.now());
      if (failure.action !== 'park') return failure;
      const notice =
        failure.status === 401
          ? `Jira refused our credentials (401): check JIRA_PAT, or JIRA_EMAIL and JIRA_API_TOKEN (Cloud API tokens expire). ` +
            `Mirroring to Jira is paused; nothing is lost, and it resumes by itself once Jira accepts them.`
          : `Jira refused access (${failure.status}): the Jira account of JIRA_PAT or JIRA_EMAIL needs permission to browse, create issues, ` +
            `comment, attach files and add links in project ${config.project}. Mirroring to Jira is paused; nothing is lost, ` +
            `and it resumes by itself once Jira lets it in.`;
      return { action: 'park', message: failure.message, notice };
    },

    probe: async () => void (await ctx.api.myself()),

    async sent(_item, outcome) {
      if (!outcome.linked) return;
      const { recordId, key, url } = outcome.linked;
      log(`jira: ${recordId} is ${key}`);
      await notices.onLinked?.(recordId, key, url);
    },
    parked: (notice, item) => notices.onParked?.(notice, item.recordId),
    resumed: () => notices.onResumed?.(),
    failed: (item, failure) => notices.onFailed?.(item.recordId, failure.message, failure.errors),
  };
}
