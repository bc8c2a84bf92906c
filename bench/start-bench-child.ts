import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { startApp } from '../src/main.js';

export interface BenchChild {
  readonly url: string;
  readonly child: ChildProcess;
  /** What the child printed on stdout so far. */
  out(): string;
}

/**
 * Runs the bench file `script` again in a process of its own, with `env` added (its child side
 * serves and prints `listening on <url>`), and resolves with that URL. `ipc` opens a channel for
 * `child.send`; `profileDir` writes the child's CPU profile there.
 */
export async function startBenchChild(
  script: string,
  env: Record<string, string>,
  options: { readonly profileDir?: string | undefined; readonly ipc?: boolean } = {},
): Promise<BenchChild> {
  const profile = options.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${options.profileDir}`] : [];
  const child = spawn(process.execPath, [...profile, '--import', 'tsx', script], {
    env: { ...process.env, ...env },
    stdio: options.ipc ? ['ignore', 'pipe', 'inherit', 'ipc'] : ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listening on (\S+)/.exec(out);
      if (match) resolve(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`the bench child ${JSON.stringify(env)} exited with ${code}`)));
  });
  return { url, child, out: () => out };
}

/** Sends SIGTERM and resolves once the child is gone (at once if it already is). */
export async function stopBenchChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

/** The yardstick's child side: a bare node:http server on 127.0.0.1 that reads each body and answers 200. */
export function serveBare(): void {
  const server = createServer((req, res) => {
    req.on('data', () => undefined);
    req.on('end', () => res.writeHead(200, { 'Content-Type': 'text/plain' }).end());
  });
  server.listen(0, '127.0.0.1', () => console.log(`listening on http://127.0.0.1:${(server.address() as AddressInfo).port}`));
  process.once('SIGTERM', () => server.close(() => process.exit(0)));
}

/**
 * The app's child side: startApp from the environment, answering `child.send` with its CPU usage;
 * prints `listening on <url>`, and when stopped (SIGTERM) its peak RSS and longest event-loop block.
 */
export async function serveAppInChild(): Promise<void> {
  const running = await startApp(process.env);
  process.on('message', () => process.send!(process.cpuUsage()));
  const loopDelay = monitorEventLoopDelay({ resolution: 20 });
  loopDelay.enable();
  console.log(`listening on ${running.url}`);
  process.once('SIGTERM', () => {
    running.close().then(
      () => {
        console.log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(1)} MB`);
        console.log(`longest event-loop block ${(loopDelay.max / 1e6).toFixed(1)} ms`);
        process.exit(0);
      },
      () => process.exit(1),
    );
  });
}
