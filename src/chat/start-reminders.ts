import type { DigestTime } from '../campaign/digest.js';
import type { Notebook } from '../campaign/notebook.js';
import { peopleToAsk } from '../campaign/record-due-reminders.js';
import type { NotebookEvent } from '../campaign/records.js';
import type { Clock } from '../clock.js';
import type { ChatNotifier } from './chat-notifier.js';
import { digestMessage, reminderMessage } from './reminder-messages.js';

/** The config's `reminders`, in milliseconds and a UTC time of day. */
export interface ReminderSettings {
  readonly pausedMs?: number;
  readonly quietMs?: number;
  readonly digest?: DigestTime;
}

/** Workflows quiet this long show in a digest when the config sets no `reminders.quiet`. */
export const DEFAULT_QUIET_MS = 24 * 3600_000;

/** How often to look: a quarter of the shortest period, from 1 s to a minute (a digest goes out within a minute of its time). */
export function tickMs(settings: ReminderSettings): number {
  const shortest = Math.min(settings.pausedMs ?? Infinity, settings.quietMs ?? Infinity);
  return Math.min(60_000, Math.max(1000, Math.floor(shortest / 4)));
}

export interface Reminders {
  /** Stops looking, and waits for the look in progress. */
  stop(): Promise<void>;
}

/**
 * The notebook speaking up: on every tick of `clock`, records the reminders and digests due (the
 * notebook's own events, once each across restarts and processes), then posts them: a reminder in
 * its record's thread, a digest in its channel. Recorded first, so a failed post is lost, never
 * doubled (the chat outbox will make it durable); failures are logged.
 */
export function startReminders(deps: {
  readonly notebook: Notebook;
  readonly notifier: ChatNotifier;
  readonly settings: ReminderSettings;
  readonly clock: Clock;
  readonly log: (line: string) => void;
  /** Resolves once what was recorded is on disk: nothing is posted before. */
  readonly flushed?: () => Promise<void>;
  /** Resolves when no chat request waits for its answer (answers-first.ts): a look waits for it, as any work after an answer. */
  readonly afterAnswers?: () => Promise<void>;
}): Reminders {
  const { notebook, notifier, settings, log } = deps;
  let current: Promise<void> = Promise.resolve();

  async function postReminder(event: NotebookEvent): Promise<void> {
    const view = notebook.show(event.workflowId ?? event.campaignId, { workflowLimit: 0 });
    const workflow = view.type === 'workflow' ? view.workflow : undefined;
    const names = notebook.actorNames(peopleToAsk(view.campaign, workflow));
    const message = reminderMessage(event, view.campaign, workflow, names);
    await notifier.postInThread(event.workflowId ?? event.campaignId, message);
  }

  async function look(): Promise<void> {
    await deps.afterAnswers?.();
    const reminders = notebook.recordDueReminders({ ...(settings.pausedMs ? { pausedMs: settings.pausedMs } : {}), ...(settings.quietMs ? { quietMs: settings.quietMs } : {}) });
    const digests = settings.digest ? notebook.recordDueDigests(settings.digest) : [];
    if (reminders.length === 0 && digests.length === 0) return;
    await deps.flushed?.();
    for (const event of reminders) await postReminder(event).catch((error: unknown) => log(`reminder ${event.seq} of ${event.workflowId ?? event.campaignId} not posted: ${(error as Error).message}`));
    for (const channel of digests) {
      await notifier
        .postInChannel(channel, { message: digestMessage(notebook.digest(channel, settings.quietMs ?? DEFAULT_QUIET_MS)) })
        .catch((error: unknown) => log(`the digest of ${channel.platform} channel ${channel.id} was not posted: ${(error as Error).message}`));
    }
  }

  const stopTicking = deps.clock.every(tickMs(settings), () => {
    current = look().catch((error: unknown) => log(`reminders: ${(error as Error).stack ?? String(error)}`));
    return current;
  });
  return {
    async stop() {
      stopTicking();
      await current;
    },
  };
}
