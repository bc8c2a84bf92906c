import { EventEmitter } from 'node:events';
import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { createAnswersFirst } from '../src/answers-first.js';
import { startHttpServer, type HttpServer, type Route } from '../src/http-server.js';

let server: HttpServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const settled = async (promise: Promise<unknown>) => {
  let done = false;
  void promise.then(() => (done = true));
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
  return done;
};

describe('answers first', () => {
  it('holds work after an answer while a tracked request waits for its answer, and lets it go once answered', async () => {
    let answer: () => void = () => undefined;
    let arrived: () => void = () => undefined;
    const requestArrived = new Promise<void>((resolve) => (arrived = resolve));
    const gate = createAnswersFirst({ maxWaitMs: 60_000 });
    const slow: Route = {
      method: 'POST',
      path: '/slow',
      handle: (_req, res) => {
        answer = () => res.writeHead(200).end('ok');
        arrived();
      },
    };
    // An event stream that never ends is not tracked: it does not hold anything back.
    let endStream: () => void = () => undefined;
    const stream: Route = {
      method: 'GET',
      path: '/stream',
      handle: (_req, res) => {
        res.writeHead(200).write('data: 1\n\n');
        endStream = () => res.end();
      },
    };
    server = await startHttpServer({ port: 0, routes: [gate.tracked(slow), stream] });
    const streaming = await fetch(`${server.url}/stream`);
    expect(streaming.status).toBe(200);
    expect(await settled(gate.afterAnswers())).toBe(true);
    endStream();
    await streaming.text();
    const request = fetch(`${server.url}/slow`, { method: 'POST', body: 'x' });
    await requestArrived;
    const later = gate.afterAnswers();
    expect(await settled(later)).toBe(false);
    answer();
    expect((await request).status).toBe(200);
    await later;
  });

  it('lets nothing wait when every request is answered', async () => {
    const gate = createAnswersFirst({ maxWaitMs: 60_000 });
    expect(await settled(gate.afterAnswers())).toBe(true);
  });

  it('lets work go after maxWaitMs even if requests never stop coming, oldest first', async () => {
    const gate = createAnswersFirst({ maxWaitMs: 300 });
    gate.track(new EventEmitter() as unknown as ServerResponse); // never answered
    const order: string[] = [];
    const first = gate.afterAnswers().then(() => order.push('first'));
    const second = gate.afterAnswers().then(() => order.push('second'));
    expect(await settled(first)).toBe(false);
    await Promise.all([first, second]);
    expect(order).toEqual(['first', 'second']);
  });

  it('lets the waiters go in order once the request they waited behind is answered', async () => {
    const gate = createAnswersFirst({ maxWaitMs: 60_000 });
    const busy = new EventEmitter();
    gate.track(busy as unknown as ServerResponse);
    const released: number[] = [];
    const waiters = [1, 2, 3].map((n) => gate.afterAnswers().then(() => released.push(n)));
    expect(await settled(waiters[0]!)).toBe(false);
    busy.emit('close');
    await Promise.all(waiters);
    expect(released).toEqual([1, 2, 3]);
  });
});
