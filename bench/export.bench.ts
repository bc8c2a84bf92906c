/**
 * The export of a campaign holding 5,000,000 data IDs (one detector-level inclusion list), asked for
 * with `/campaign export` on Mattermost and on Slack, to the real app (startApp, in a process of its
 * own) through the fakes, which refuse what the platforms refuse (Mattermost: upload requests over
 * 100 MiB, 5 files a post). Prints each file as it arrived (name, size), the time from the command
 * until the last file arrived, how long a `/campaign list` typed meanwhile waited for its answer,
 * the bot's peak RSS and its longest event-loop block. The seeding runs in a process of its own.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { createNotebook } from '../src/campaign/create-notebook.js';
import { parseDataIdList } from '../src/lists/parse-data-id-list.js';
import { createSqliteStore } from '../src/store/create-sqlite-store.js';
import { openDatabase } from '../src/store/open-database.js';
import { bigListRanges } from '../test/big-lists/big-list-data.js';
import { startFakeMattermost } from '../test/fakes/fake-mattermost.js';
import { freePort } from '../test/mattermost/start-mattermost-test-app.js';
import { startFakeSlack } from '../test/fakes/fake-slack.js';
import { serveAppInChild, startBenchChild } from './start-bench-child.js';

const COUNT = Number(process.env.BENCH_EXPORT_COUNT ?? 5_000_000);
const sizeOf = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB (${bytes.toLocaleString('en-US')} bytes)`;

/** Defines campaign `big` with one workflow whose inclusion list holds COUNT data IDs. */
function seed(databasePath: string): void {
  const started = performance.now();
  const db = openDatabase(databasePath);
  const notebook = createNotebook({ store: createSqliteStore(db) });
  const actor = { id: 'slack:U0PILOT', name: 'pilot' };
  notebook.defineCampaign({ shortName: 'big', description: 'export bench' }, actor);
  const list = parseDataIdList(bigListRanges(COUNT), { source: 'bench', format: 'lines' });
  notebook.startWorkflow('big', { label: 'all', wms: 'panda' }, [{ kind: 'include', reason: 'every detector-visit', list }], actor);
  db.close();
  console.log(`seeded ${COUNT.toLocaleString('en-US')} data IDs in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'export-bench-'));
  const databasePath = join(dir, 'bench.sqlite');
  const configPath = join(dir, 'campaign-notebook.yaml');
  writeFileSync(configPath, '{}\n');
  const seeding = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--seed', databasePath], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (seeding.status !== 0) throw new Error('seeding failed');
  console.log(seeding.stdout.trim());

  const slack = await startFakeSlack();
  const mm = await startFakeMattermost();
  const port = await freePort();
  const { child, out } = await startBenchChild(fileURLToPath(import.meta.url), {
    EXPORT_BENCH_APP: '1',
    PORT: String(port),
    HOST: '127.0.0.1',
    CAMPAIGN_DB: databasePath,
    CAMPAIGN_CONFIG: configPath,
    ...slack.appEnv(),
    SLACK_API_RETRIES: '2',
    MATTERMOST_URL: mm.url,
    MATTERMOST_BOT_TOKEN: mm.botToken,
    MATTERMOST_COMMAND_TOKEN: mm.commandToken,
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    LOG_LEVEL: 'error',
  });
  const appUrl = `http://127.0.0.1:${port}`;
  slack.setAppUrl(appUrl);
  const stopped = new Promise<string>((resolve) => child.once('exit', () => resolve(out())));
  try {
    // Mattermost: the export, and a `/campaign list` a second later.
    let started = performance.now();
    await mm.sendCommand(appUrl, 'export CMP-1');
    await new Promise((resolve) => setTimeout(resolve, 1000));
    let asked = performance.now();
    await mm.sendCommand(appUrl, 'list');
    const mmListMs = performance.now() - asked;
    const isWhere = (id: string) => mm.files.find((file) => file.id === id)?.name.endsWith('.where.txt');
    await mm.waitFor(() => mm.posts.some((post) => post.file_ids.some(isWhere)), 900_000);
    const mmMs = performance.now() - started;
    console.log(`\nMattermost: export of ${COUNT.toLocaleString('en-US')} data IDs arrived after ${(mmMs / 1000).toFixed(1)} s; /campaign list typed meanwhile answered after ${mmListMs.toFixed(0)} ms`);
    for (const request of mm.uploadRequests) console.log(`  upload request ${sizeOf(request.bytes)}, ${request.files} files${request.refused ? ' REFUSED' : ''}`);
    for (const file of mm.files) console.log(`  ${file.name.padEnd(34)} ${sizeOf(file.content.length)}`);
    const json = mm.files.find((file) => file.name.endsWith('.json.gz'));
    if (json) console.log(`  ${json.name} inflates to ${sizeOf(gunzipSync(json.content).length)}`);
    console.log(`  comment: ${mm.posts.find((post) => post.file_ids.length > 0)?.message}`);
    mm.files.length = 0;

    // Slack: the same.
    started = performance.now();
    await slack.slashCommand({ text: 'export CMP-1' });
    await new Promise((resolve) => setTimeout(resolve, 1000));
    asked = performance.now();
    await slack.slashCommand({ text: 'list' });
    const slackListMs = performance.now() - asked;
    const arrived = await slack.waitFor(
      () => slack.state.messages.find((message) => message.fileIds.some((id) => slack.state.files.get(id)?.name.endsWith('.where.txt'))),
      900_000,
    );
    const slackMs = performance.now() - started;
    console.log(`\nSlack: export arrived after ${(slackMs / 1000).toFixed(1)} s; /campaign list typed meanwhile acknowledged after ${slackListMs.toFixed(0)} ms`);
    for (const message of slack.state.messages.filter((candidate) => candidate.fileIds.length > 0)) {
      for (const id of message.fileIds) {
        const file = slack.state.files.get(id)!;
        console.log(`  ${file.name.padEnd(34)} ${sizeOf(file.bytes.length)}`);
      }
      console.log(`  comment: ${message.text}`);
    }
    void arrived;
  } finally {
    child.kill('SIGTERM');
    const printed = await stopped;
    console.log(`\nbot: ${/peak RSS .*/.exec(printed)?.[0]}; ${/longest event-loop block .*/.exec(printed)?.[0]} (Slack wants every ack within 3 s)`);
    console.log(`load average ${loadavg().map((value) => value.toFixed(1)).join(' ')} on ${availableParallelism()} CPUs (a shared machine: times are noisy)`);
    await slack.close();
    await mm.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const seedIndex = process.argv.indexOf('--seed');
if (seedIndex !== -1) {
  seed(process.argv[seedIndex + 1]!);
} else if (process.env.EXPORT_BENCH_APP === '1') {
  await serveAppInChild();
} else if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  run().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}

