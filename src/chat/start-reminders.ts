import type { DigestTime } from '../campaign/digest.js';
import type { Notebook } from '../campaign/notebook.js';
import type { ChannelRef } from '../campaign/records.js';
import type { Clock } from '../clock.js';
import type { ChatMessage } from './chat-message.js';
import { digestMessage } from './reminder-messages.js';

/** The config's `reminders`, in milliseconds and a UTC time of day. */
export interface ReminderSettings {
  readonly pausedMs?: number;
  readonly quietMs?: number;
  readonly digest?: DigestTime;
}

/** Workflows quiet this long show in a digest when the config sets no `reminders.quiet`. */
export const DEFAULT_QUIET_MS = 24 * 3600_000;

/** How often to look: a quarter of the shortest period, from 1 s to a minute (a digest goes out within a minute of its time). */
function tickMs(settings: ReminderSettings): number {
  const shortest = Math.min(settings.pausedMs ?? Infinity, settings.quietMs ?? Infinity);
  return Math.min(60_000, Math.max(1000, Math.floor(shortest / 4)));
}

export interface Reminders {
  /** Stops looking, and waits for the look in progress. */
  stop(): Promise<void>;
}

/**
 * The notebook speaking up: on every tick of `clock`, records the reminders and digests due (once
 * each across restarts and processes). A reminder is the notebook's own event (reminder_sent): the
 * chat outbox announces it in its record's thread (announcementOf), durably. A digest is no
 * record's: posted in its channel once recorded, so a failed post is lost, never doubled (logged).
 */
export function startReminders(deps: {
  readonly notebook: Notebook;
  /** Posts a digest at the top of a channel (main: the platform's channel transport). */
  readonly postDigest: (channel: ChannelRef, message: ChatMessage) => Promise<void>;
  readonly settings: ReminderSettings;
  readonly clock: Clock;
  readonly log: (line: string) => void;
  /** Resolves once what was recorded is on disk: nothing is posted before. */
  readonly flushed?: () => Promise<void>;
  /** Resolves when no chat request waits for its answer (answers-first.ts): a look waits for it, as any work after an answer. */
  readonly afterAnswers?: () => Promise<void>;
}): Reminders {
  const { notebook, settings, log } = deps;
  let current: Promise<void> = Promise.resolve();

  async function look(): Promise<void> {
    await deps.afterAnswers?.();
    const reminders = notebook.recordDueReminders({ ...(settings.pausedMs ? { pausedMs: settings.pausedMs } : {}), ...(settings.quietMs ? { quietMs: settings.quietMs } : {}) });
    const digests = settings.digest ? notebook.recordDueDigests(settings.digest) : [];
    if (reminders.length === 0 && digests.length === 0) return;
    await deps.flushed?.();
    for (const channel of digests) {
      await deps
        .postDigest(channel, digestMessage(notebook.digest(channel, settings.quietMs ?? DEFAULT_QUIET_MS)))
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
