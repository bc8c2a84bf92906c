import type { Clock } from '../../src/clock.js';

/** A clock the test moves: `advance` runs each periodic tick that came due once (as a late timer does), and waits for it. */
export interface FakeClock extends Clock {
  advance(ms: number): Promise<void>;
  /** Sets the time without running any tick (the notebook was down meanwhile). */
  set(to: Date | string): void;
}

export function fakeClock(start: Date | string): FakeClock {
  let now = new Date(start).getTime();
  const timers = new Set<{ ms: number; next: number; tick: () => Promise<void> }>();
  return {
    now: () => new Date(now),
    every(ms, tick) {
      const timer = { ms, next: now + ms, tick };
      timers.add(timer);
      return () => timers.delete(timer);
    },
    async advance(ms) {
      now += ms;
      for (const timer of [...timers]) {
        if (now < timer.next) continue;
        timer.next = now + timer.ms;
        await timer.tick();
      }
    },
    set(to) {
      now = new Date(to).getTime();
      for (const timer of timers) timer.next = now + timer.ms;
    },
  };
}
