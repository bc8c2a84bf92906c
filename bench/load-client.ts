/**
 * The load client, in a process of its own: sends signed Slack requests to a server, `concurrency`
 * at a time, and reports how long each took to be answered. Kept apart from the fake Slack and
 * Jira, whose work for the app (posts, uploads) would otherwise delay the client's own clock; one
 * process for every run, so its own code is warm after the warm-up run.
 */
import { fork } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { SignedRequest } from './signed-request.js';

interface ClientRun {
  readonly url: string;
  readonly concurrency: number;
  readonly requests: readonly SignedRequest[];
}

/** Per request, in order: milliseconds to the answer, its HTTP status, and its response_action if any. */
export interface ClientAnswer {
  readonly ms: number;
  readonly status: number;
  readonly responseAction?: string;
}

export interface LoadClient {
  run(url: string, concurrency: number, requests: readonly SignedRequest[]): Promise<ClientAnswer[]>;
  close(): void;
}

export function startLoadClient(): LoadClient {
  const child = fork(fileURLToPath(import.meta.url), [], { execArgv: ['--import', 'tsx'], env: { ...process.env, LOAD_CLIENT: '1' } });
  return {
    run(url, concurrency, requests) {
      return new Promise((resolve, reject) => {
        const onExit = (code: number | null) => reject(new Error(`the load client exited with ${code}`));
        child.once('exit', onExit);
        child.once('message', (answers) => {
          child.off('exit', onExit);
          resolve(answers as ClientAnswer[]);
        });
        child.send({ url, concurrency, requests } satisfies ClientRun);
      });
    },
    close: () => void child.kill(),
  };
}

async function answer(run: ClientRun): Promise<ClientAnswer[]> {
  const answers: ClientAnswer[] = new Array(run.requests.length);
  let next = 0;
  const worker = async () => {
    while (next < run.requests.length) {
      const index = next++;
      const request = run.requests[index]!;
      const started = performance.now();
      const response = await fetch(`${run.url}/slack/events`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/x-www-form-urlencoded',
          'X-Slack-Request-Timestamp': String(request.timestamp),
          'X-Slack-Signature': request.signature,
        },
        body: request.body,
      });
      const text = await response.text();
      const ms = performance.now() - started;
      const responseAction = /"response_action":"(\w+)"/.exec(text)?.[1];
      answers[index] = { ms, status: response.status, ...(responseAction ? { responseAction } : {}) };
    }
  };
  await Promise.all(Array.from({ length: run.concurrency }, worker));
  return answers;
}

if (process.env.LOAD_CLIENT === '1' && process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.on('message', (run) => {
    answer(run as ClientRun).then(
      (answers) => process.send!(answers),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  });
}
