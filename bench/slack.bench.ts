/**
 * Slack acknowledgement latency, against the fake Slack on loopback: `/campaign list`, a
 * `view_submission` of the workflow form carrying a pasted 2,000-line exclusion list (validated,
 * parsed and recorded before the ack), and a `block_actions` click of a workflow card's Submitted
 * button (acked at once; recorded, posted and the cards redrawn after). p50/p99 over 500 requests,
 * 20 at a time. Target p99 < 100 ms.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { startApp } from '../src/main.js';
import type { StandInMessage } from '../src/console/slack-stand-in.js';
import { startFakeSlack, type FakeSlack } from '../test/fakes/fake-slack.js';
import { serveBare, startBenchChild, stopBenchChild, type BenchChild } from './start-bench-child.js';
import { startLoadClient, type ClientAnswer, type LoadClient } from './load-client.js';
import { signedCommand, signedPayload, type SignedRequest } from './signed-request.js';

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 500);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 20);
const LIST_LINES = 2000;
const WARM_UP = Math.ceil(REQUESTS / 5);

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** Sends the signed requests to `url` from the load client's process; `ok` says which answers count as acknowledged. */
async function measure(
  client: LoadClient,
  url: string,
  requests: readonly SignedRequest[],
  ok: (answer: ClientAnswer) => boolean,
): Promise<{ p50: number; p99: number; max: number; failures: number }> {
  const answers = await client.run(url, CONCURRENCY, requests);
  const times = answers.map((answer) => answer.ms).sort((a, b) => a - b);
  return { p50: percentile(times, 50), p99: percentile(times, 99), max: times.at(-1)!, failures: answers.filter((answer) => !ok(answer)).length };
}

function pastedList(index: number): string {
  const lines: string[] = [];
  for (let j = 0; j < LIST_LINES; j += 1) lines.push(`instrument=LSSTCam visit=${2025111500000 + index * 20 + Math.floor(j / 189)} detector=${j % 189}`);
  return lines.join('\n');
}

async function openStartViews(slack: FakeSlack, count: number, label: string): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const before = slack.state.views.size;
    await slack.slashCommand({ text: `start bench ${label}${i}` });
    await slack.waitFor(() => slack.state.views.size > before);
    ids.push([...slack.state.views.keys()].at(-1)!);
  }
  return ids;
}

/** Resolves once the bot has made no call to Slack for `quietMs`: the work left by an earlier phase (posts, card redraws) is done. */
async function settled(slack: FakeSlack, quietMs = 500): Promise<void> {
  let count = -1;
  while (count !== slack.calls.length) {
    count = slack.calls.length;
    await new Promise((resolve) => setTimeout(resolve, quietMs));
  }
}

/** A signed click on each card's Submitted button (block_actions from its actions block). */
function submitClicks(slack: FakeSlack, cards: readonly StandInMessage[]): SignedRequest[] {
  return cards.map((card) => {
    const actions = (card.blocks as { type: string; elements?: Record<string, unknown>[] }[]).find((block) => block.type === 'actions');
    const action = actions?.elements?.find((element) => element.action_id === 'status_submitted');
    if (!action) throw new Error(`no Submitted button on ${card.text}`);
    return signedPayload(slack, slack.buildButtonClick({ userId: 'U0PILOT', action, blockId: 'record_actions', channelId: card.channel, messageTs: card.ts }));
  });
}

/** The bot in a process of its own (as in production: Slack is elsewhere), started through startApp. */
async function startAppProcess(env: Record<string, string>): Promise<BenchChild> {
  return startBenchChild(fileURLToPath(import.meta.url), { ...env, SLACK_BENCH_APP: '1' }, { profileDir: process.env.BENCH_PROFILE });
}

/** A bare node:http server in a process of its own that reads the body and answers 200: the yardstick. */
async function startBareProcess(): Promise<BenchChild> {
  return startBenchChild(fileURLToPath(import.meta.url), { SLACK_BENCH_BARE: '1' }, { profileDir: process.env.BENCH_PROFILE });
}

/** A fifth of each run as a warm-up through the client (the app and the client both run warm after it). */
async function warmUp(slack: FakeSlack, client: LoadClient, url: string): Promise<void> {
  await client.run(url, CONCURRENCY, Array.from({ length: WARM_UP }, () => signedCommand(slack, { text: 'list' })));
  const views = await openStartViews(slack, WARM_UP, 'warm');
  const submissions = views.map((viewId, index) =>
    signedPayload(slack, slack.buildViewSubmission(viewId, { wms: 'panda', exclude_list: pastedList(10_000 + index), exclude_reason: 'warm-up' })),
  );
  await client.run(url, CONCURRENCY, submissions);
}

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'campaign-slack-bench-'));
  const configPath = join(dir, 'campaign-notebook.yaml');
  writeFileSync(configPath, '{}\n');
  const slack = await startFakeSlack();
  const app = await startAppProcess({
    PORT: '0',
    HOST: '127.0.0.1',
    CAMPAIGN_DB: join(dir, 'bench.sqlite'),
    CAMPAIGN_CONFIG: configPath,
    ...slack.appEnv(),
    // Channel posts go out one at a time per campaign (the chat outbox); the bench measures acks, not Slack's pacing.
    SLACK_CHANNEL_PACE_MS: '0',
    LOG_LEVEL: 'error',
  });
  slack.setAppUrl(app.url);
  const client = startLoadClient();
  try {
    await slack.slashCommand({ text: 'new bench' });
    const form = await slack.waitFor(() => slack.lastOpenView());
    await slack.submitView(form.id, { description: 'bench campaign' });
    await warmUp(slack, client, app.url);
    await slack.waitFor(() => slack.state.messages.filter((m) => m.text.startsWith('Workflow')).length >= WARM_UP || undefined, 180_000);
    const workflowsBefore = slack.state.messages.filter((m) => m.text.startsWith('Workflow')).length;

    const lists = Array.from({ length: REQUESTS }, () => signedCommand(slack, { text: 'list' }));
    const answered = (answer: ClientAnswer) => answer.status === 200;
    const list = await measure(client, app.url, lists, answered);

    const views = await openStartViews(slack, REQUESTS, 'step');
    const requests = views.map((viewId, index) =>
      signedPayload(slack, slack.buildViewSubmission(viewId, { wms: 'panda', exclude_list: pastedList(index), exclude_reason: 'bench exclusions' })),
    );
    // Pasted lists longer than a Slack field (3,000 characters) are checked after the ack, behind an update.
    const submit = await measure(client, app.url, requests, (answer) => answer.status === 200 && answer.responseAction === 'update');
    const recorded = () => slack.state.messages.filter((m) => m.text.startsWith('Workflow')).length - workflowsBefore;
    await slack.waitFor(() => recorded() >= REQUESTS || undefined, 180_000);

    // A click on each workflow card's Submitted button, signed ahead as Slack sends block_actions:
    // the warm-up's cards first (not timed), then the others.
    const cards = slack.state.messages.filter((m) => m.text.startsWith('Workflow') && !m.threadTs);
    const submittedReplies = () => slack.state.messages.filter((m) => m.threadTs && m.text.includes('recorded → submitted')).length;
    await settled(slack);
    await client.run(app.url, CONCURRENCY, submitClicks(slack, cards.slice(0, WARM_UP)));
    await slack.waitFor(() => submittedReplies() >= WARM_UP || undefined, 180_000);
    const clicks = submitClicks(slack, cards.slice(WARM_UP));
    // The clicks' acks are measured alone, not against what the submissions and warm-up clicks left to do.
    await settled(slack);
    const click = await measure(client, app.url, clicks, answered);
    await slack.waitFor(() => submittedReplies() >= WARM_UP + clicks.length || undefined, 180_000);

    // The same signed requests to a bare node:http server, in the same run: what the machine allows.
    const bare = await startBareProcess();
    const bareList = await measure(client, bare.url, lists, answered);
    const bareSubmit = await measure(client, bare.url, requests, answered);
    const bareClick = await measure(client, bare.url, clicks, answered);
    await stopBenchChild(bare.child);

    const line = (name: string, r: Awaited<ReturnType<typeof measure>>) =>
      `${name.padEnd(52)} p50 ${r.p50.toFixed(1).padStart(6)} ms   p99 ${r.p99.toFixed(1).padStart(6)} ms   max ${r.max.toFixed(1).padStart(6)} ms   failures ${r.failures}`;
    console.log(`Slack ack latency, ${REQUESTS} requests, ${CONCURRENCY} concurrent, fake Slack on loopback (target p99 < 100 ms)`);
    console.log(line('/campaign list', list));
    console.log(line(`view_submission, pasted ${LIST_LINES}-line exclusion list`, submit));
    console.log(line('block_actions, a workflow card\'s Submitted button', click));
    console.log(line('bare node:http, same slash command requests', bareList));
    console.log(line('bare node:http, same view_submission requests', bareSubmit));
    console.log(line('bare node:http, same block_actions requests', bareClick));
    console.log(
      `ratio to bare node:http, p99: list ${(list.p99 / bareList.p99).toFixed(1)}x, view_submission ${(submit.p99 / bareSubmit.p99).toFixed(1)}x, ` +
        `block_actions ${(click.p99 / bareClick.p99).toFixed(1)}x; ` +
        `load average ${loadavg().map((value) => value.toFixed(1)).join(' ')} on ${availableParallelism()} CPUs`,
    );
    console.log(`workflows recorded: ${recorded()} of ${REQUESTS} (after a warm-up of ${WARM_UP} commands and ${WARM_UP} submissions); clicks recorded: ${submittedReplies() - WARM_UP} of ${clicks.length} (after ${WARM_UP} warm-up clicks)`);
  } finally {
    client.close();
    await stopBenchChild(app.child);
    await slack.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.env.SLACK_BENCH_BARE === '1') {
  serveBare();
} else if (process.env.SLACK_BENCH_APP === '1') {
  const running = await startApp(process.env);
  console.log(`listening on ${running.url}`);
  process.once('SIGTERM', () => {
    running.close().then(() => process.exit(0), () => process.exit(1));
  });
} else if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  run().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
