import type { ServerResponse } from 'node:http';
import type { Route } from './http-server.js';

export interface AnswersFirst {
  /** Counts a request as waiting for its answer until its response closes. */
  track(res: ServerResponse): void;
  /** The route, with each of its requests tracked (the chat platforms' routes, not the console's event stream). */
  tracked(route: Route): Route;
  /**
   * Resolves when no request waits for its answer (one waiter per such moment, oldest first), or
   * once it has waited `maxWaitMs`: work after an acknowledgement (channel posts, downloads) yields
   * to the acknowledgements Slack wants within 3 s, and is only delayed, never dropped.
   */
  afterAnswers(): Promise<void>;
}

/** A priority gate between answering requests and the slower work they leave behind. */
export function createAnswersFirst(options: { readonly maxWaitMs: number }): AnswersFirst {
  let unanswered = 0;
  const waiters: { readonly release: () => void; readonly timer: NodeJS.Timeout }[] = [];
  let pumping = false;

  // Lets one waiter go once nothing is unanswered across a whole turn of the event loop: requests
  // still unread in their sockets are seen only when the loop polls, so one quiet look is not enough.
  function pump(quietLooks = 0): void {
    if (pumping) return;
    pumping = true;
    setImmediate(() => {
      pumping = false;
      if (unanswered > 0 || waiters.length === 0) return;
      if (quietLooks === 0) return pump(1);
      const next = waiters.shift()!;
      clearTimeout(next.timer);
      next.release();
      if (waiters.length > 0) pump();
    });
  }

  function track(res: ServerResponse): void {
    unanswered += 1;
    res.once('close', () => {
      unanswered -= 1;
      if (unanswered === 0) pump();
    });
  }

  return {
    track,
    tracked: (route) => ({
      ...route,
      handle(req, res) {
        track(res);
        return route.handle(req, res);
      },
    }),
    afterAnswers() {
      if (unanswered === 0 && waiters.length === 0) return Promise.resolve();
      return new Promise<void>((resolve) => {
        const waiter = {
          release: resolve,
          timer: setTimeout(() => {
            waiters.splice(waiters.indexOf(waiter), 1);
            resolve();
          }, options.maxWaitMs),
        };
        waiters.push(waiter);
        pump();
      });
    },
  };
}
