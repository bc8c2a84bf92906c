/**
 * Time as the app sees it: now, and a periodic tick. main.ts uses the system's; tests give one
 * they advance, so hours of reminders pass without waiting.
 */
export interface Clock {
  now(): Date;
  /** Calls `tick` every `ms` (never two at once: a tick still running when the next is due is skipped); returns a stop. */
  every(ms: number, tick: () => Promise<void>): () => void;
}

export const systemClock: Clock = {
  now: () => new Date(),
  every(ms, tick) {
    let running = false;
    const timer = setInterval(() => {
      if (running) return;
      running = true;
      void tick().finally(() => (running = false));
    }, ms);
    timer.unref();
    return () => clearInterval(timer);
  },
};
