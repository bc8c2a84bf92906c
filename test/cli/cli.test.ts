import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli.js';
import { openDatabase } from '../../src/store/open-database.js';
import { createNotebook } from '../../src/campaign/create-notebook.js';
import { createSqliteStore } from '../../src/store/create-sqlite-store.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'campaign-cli-'));
  writeFileSync(join(dir, 'bad-ccds.csv'), '# detectors to leave out\nvisit,detector,reason\n2025111500226,42,vignetted\n2025111500226,43,\n2025111500230,42,\n');
  writeFileSync(join(dir, 'same.json'), JSON.stringify([{ detector: 43, visit: 2025111500226 }, { visit: 2025111500230, detector: 42 }, { visit: 2025111500226, detector: 42 }]));
  writeFileSync(join(dir, 'other.yaml'), '- {visit: 2025111500226, detector: 42}\n- {visit: 2025111500231, detector: 1}\n');
  writeFileSync(join(dir, 'broken.csv'), 'visit,detector\n12,abc\n13\n');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function campaign(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(argv, {
    env: { CAMPAIGN_DB: 'notebook.sqlite', USER: 'jdoe' },
    cwd: dir,
    stdout: { write: (text: string) => (out += text) },
    stderr: { write: (text: string) => (err += text) },
  });
  return { code, out, err };
}

describe('campaign lists', () => {
  it('validates files: count, dimensions and the same fingerprint whatever the encoding', async () => {
    const text = await campaign('lists', 'validate', 'bad-ccds.csv', 'same.json');
    expect(text.code).toBe(0);
    const [csv, json] = text.out.trim().split('\n');
    expect(csv).toMatch(/^bad-ccds\.csv: 3 data IDs, dimensions detector, visit, sha256 [0-9a-f]{64}$/);
    expect(json!.split('sha256 ')[1]).toBe(csv!.split('sha256 ')[1]);

    const asJson = await campaign('lists', 'validate', '--json', 'bad-ccds.csv', 'other.yaml');
    const objects = asJson.out.trim().split('\n').map((line) => JSON.parse(line));
    expect(objects.map((o) => Object.keys(o))).toEqual([['file', 'count', 'dimensions', 'sha256'], ['file', 'count', 'dimensions', 'sha256']]);
    expect(objects[1]).toMatchObject({ file: 'other.yaml', count: 2, dimensions: ['detector', 'visit'] });
  });

  it('exits 1 with the errors of a bad file, still summarising the good ones', async () => {
    const result = await campaign('lists', 'validate', 'same.json', 'broken.csv', 'missing.csv');
    expect(result.code).toBe(1);
    expect(result.out).toMatch(/^same\.json: 3 data IDs/);
    expect(result.err).toContain('broken.csv');
    expect(result.err).toContain('abc');
    expect(result.err).toContain('Cannot read the list missing.csv: no such file');
  });

  it('converts to JSON, ECSV and a query fragment', async () => {
    const json = await campaign('lists', 'convert', 'bad-ccds.csv', '--to', 'json');
    expect(JSON.parse(json.out).data_ids).toHaveLength(3);
    const ecsv = await campaign('lists', 'convert', 'bad-ccds.csv', '--to', 'ecsv');
    expect(ecsv.out).toMatch(/^# %ECSV 1\.0/);
    const where = await campaign('lists', 'convert', 'bad-ccds.csv', '--to', 'where');
    expect(where.out).toContain('2025111500226');
    const bad = await campaign('lists', 'convert', 'bad-ccds.csv', '--to', 'xml');
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/^campaign: --to must be json, ecsv or where, not "xml"/);
  });

  it('diffs two lists', async () => {
    const result = await campaign('lists', 'diff', 'bad-ccds.csv', 'other.yaml');
    expect(result.code).toBe(0);
    expect(result.out).toBe(
      [
        'bad-ccds.csv: 3 data IDs (detector, visit)',
        'other.yaml: 2 data IDs (detector, visit)',
        'added 1, removed 2, in both 1',
        '+ detector=1 visit=2025111500231',
        '- detector=42 visit=2025111500230',
        '- detector=43 visit=2025111500226',
        '',
      ].join('\n'),
    );
  });

  it('adds a list to the store and shows it', async () => {
    const added = await campaign('lists', 'add', 'bad-ccds.csv', '--name', 'rc2-bad', '--reason', 'vignetting');
    expect(added.code).toBe(0);
    expect(added.out).toMatch(/^Stored bad-ccds\.csv: 3 data IDs \(detector, visit\)\nsha256:[0-9a-f]{64} {2}list:rc2-bad\n$/);
    const listed = await campaign('lists');
    expect(listed.out).toMatch(/^[0-9a-f]{64} {2}rc2-bad {2}3 data IDs \(detector, visit\) {2}stored \S+ by jdoe {2}vignetting\n$/);
  });
});

describe('campaign records', () => {
  it('defines, starts with lists, records a run, changes status, notes, shows and answers why', async () => {
    expect(await campaign('new', 'w07-rc2', '--description', 'RC2 weekly', '--butler-repo', '/repo/main')).toEqual({
      code: 0,
      out: 'Defined CMP-1 (w07-rc2).\n',
      err: '',
    });
    const started = await campaign('start', 'w07-rc2', 'step1', '--wms', 'panda', '--exclude', 'bad-ccds.csv', '--exclude-reason', 'bad CCDs');
    expect(started.code).toBe(0);
    expect(started.out).toMatch(/^Started CMP-1\/1 \(step1\), recorded\.\n {2}exclude: 3 data IDs \(detector, visit\) sha256:[0-9a-f]{64} — bad CCDs\n$/);
    expect((await campaign('run', 'CMP-1/1', '176261', 'u_jdoe_step1')).out).toBe('CMP-1/1: run 176261 (u_jdoe_step1), submitted.\n');
    expect((await campaign('status', 'CMP-1/1', 'running', 'jobs', 'started')).out).toBe('CMP-1/1 is now running.\n');
    expect((await campaign('note', 'w07-rc2', 'all', 'good')).out).toBe('Noted on CMP-1.\n');

    const show = await campaign('show', 'CMP-1');
    expect(show.out).toContain('CMP-1  w07-rc2  running');
    expect(show.out).toContain('Butler repo: /repo/main');
    expect(show.out).toContain('CMP-1/1  step1  running  (panda)');
    expect(show.out).toContain('Run id: 176261');

    const history = await campaign('history', 'w07-rc2');
    expect(history.out.trim().split('\n').map((line) => line.split('  ').slice(1).join('  '))).toEqual([
      'CMP-1  jdoe  defined w07-rc2: RC2 weekly',
      'CMP-1/1  jdoe  workflow started: step1 (panda)',
      expect.stringMatching(/^CMP-1\/1 {2}jdoe {2}exclude list attached: 3 data IDs sha256:[0-9a-f]{16} — bad CCDs$/),
      'CMP-1  jdoe  status defined → running: workflow CMP-1/1 started',
      'CMP-1/1  jdoe  run recorded: 176261 u_jdoe_step1',
      'CMP-1/1  jdoe  status recorded → submitted: run recorded',
      'CMP-1/1  jdoe  status submitted → running: jobs started',
      'CMP-1  jdoe  note: all good',
    ]);

    const why = await campaign('why', 'visit=2025111500226', 'detector=42');
    expect(why.out).toMatch(/^CMP-1\/1 \(w07-rc2 \/ step1\) {2}excluded by detector=42 visit=2025111500226 {2}— vignetted {2}\[jdoe, \S+, sha256:[0-9a-f]{16}\]\n$/);
    const whyJson = await campaign('why', 'visit=2025111500226', '--json');
    const matches = whyJson.out.trim().split('\n').map((line) => JSON.parse(line));
    expect(matches.map((m) => [m.entry.detector, m.reason, m.attachedBy.id])).toEqual([
      [42, 'vignetted', 'cli:jdoe'],
      [43, 'bad CCDs', 'cli:jdoe'],
    ]);
    expect((await campaign('why', 'visit=1')).out).toBe('No workflow lists this data ID.\n');
  });

  it('shows the paused gate and decides it: continue, then complete with a reason', async () => {
    await campaign('new', 'w07', '--description', 'x');
    await campaign('start', 'w07', 'step1', '--wms', 'panda');
    await campaign('run', 'CMP-1/1', '176261');
    await campaign('status', 'CMP-1/1', 'running');
    expect((await campaign('status', 'CMP-1/1', 'succeeded')).out).toBe(
      'CMP-1/1 is now succeeded.\nCMP-1 is now paused, waiting for a decision: campaign status CMP-1 running | completed <reason> | failed <reason>\n',
    );
    expect((await campaign('show', 'w07')).out).toContain('CMP-1  w07  paused (waiting for a decision: continue, complete or fail)');
    expect((await campaign('history', 'w07')).out).toMatch(/CMP-1 {2}campaign notebook {2}status running → paused: CMP-1\/1 step1 succeeded and no other workflow is open/);
    expect((await campaign('status', 'CMP-1', 'running')).out).toBe('CMP-1 is now running.\n');
    await campaign('status', 'CMP-1', 'paused', 'holiday');
    expect(await campaign('status', 'CMP-1', 'completed')).toMatchObject({ code: 1, err: 'CMP-1 completed needs a reason: say why (status CMP-1 completed <reason>)\n' });
    expect((await campaign('status', 'CMP-1', 'completed', 'all', 'steps', 'done')).out).toBe('CMP-1 is now completed.\n');
  });

  it('shows each record\'s Jira sync state when Jira mirroring is on', async () => {
    await campaign('db', 'migrate');
    const db = openDatabase(join(dir, 'notebook.sqlite'));
    db.prepare("UPDATE outbox_sink SET enabled = 1 WHERE name = 'jira'").run();
    db.close();
    await campaign('new', 'w07', '--description', 'x');
    await campaign('start', 'w07', 's', '--wms', 'panda');
    const show = await campaign('show', 'w07');
    expect(show.out.split('\n').filter((line) => line.includes('Jira'))).toEqual([
      // the campaign's definition and its move to running, as the workflow started
      '  Jira: no issue yet (2 updates pending)',
      '    Jira: no issue yet (1 update pending)',
    ]);
  });

  it("says when a record's channel posts still wait for the app's outbox", async () => {
    await campaign('db', 'migrate');
    const db = openDatabase(join(dir, 'notebook.sqlite'));
    db.prepare("UPDATE outbox_sink SET enabled = 1 WHERE name = 'slack'").run();
    // A campaign defined in a Slack channel (the app records it so); the CLI's note on it is announced there too:
    // each event's post and the redraw of the card it changes.
    createNotebook({ store: createSqliteStore(db) }).defineCampaign({ shortName: 'w07', description: 'x' }, { id: 'slack:U1', name: 'jo' }, { platform: 'slack', id: 'C1' });
    db.close();
    await campaign('note', 'w07', 'from the command line');
    const show = await campaign('show', 'w07');
    expect(show.out.split('\n').filter((line) => line.includes('channel:'))).toEqual(['  Slack channel: 4 updates pending']);
  });

  it('attaches a stored list by reference and exports the record as files', async () => {
    await campaign('new', 'w07', '--description', 'x');
    const added = await campaign('lists', 'add', 'same.json');
    const sha256 = /sha256:([0-9a-f]{64})/.exec(added.out)![1]!;
    const started = await campaign('start', 'w07', 's', '--wms', 'htcondor', '--include', `sha256:${sha256.slice(0, 12)}`, '--include-reason', 'only these');
    expect(started.code).toBe(0);
    expect(started.out).toContain(`include: 3 data IDs (detector, visit) sha256:${sha256} — only these`);
    const exported = await campaign('export', 'w07', '--out', 'out');
    const stem = `list-${sha256.slice(0, 16)}`;
    expect(exported.out.trim().split('\n').map((path) => path.slice(dir.length + 1))).toEqual([
      'out/CMP-1.yaml',
      `out/${stem}.json`,
      `out/${stem}.ecsv`,
      `out/${stem}.where.txt`,
    ]);
    expect(readFileSync(join(dir, 'out', 'CMP-1.yaml'), 'utf8')).toContain(`sha256: ${sha256}`);
  });

  it('exits 1 with a clear message for what the user got wrong', async () => {
    await campaign('new', 'w07', '--description', 'x');
    expect(await campaign('new', 'W07', '--description', 'y')).toEqual({
      code: 1,
      out: '',
      err: 'The short name "W07" is taken by CMP-1; choose another\n',
    });
    expect(await campaign('status', 'w07', 'completed')).toEqual({
      code: 1,
      out: '',
      err: 'CMP-1 cannot go from defined to completed: from defined it can go to running\n',
    });
    expect((await campaign('show', 'CMP-7')).err).toBe('No campaign CMP-7 (from "CMP-7"); `campaign list` shows the campaigns\n');
    const noReason = await campaign('start', 'w07', 's', '--wms', 'panda', '--exclude', 'bad-ccds.csv');
    expect(noReason).toMatchObject({ code: 1, err: 'The exclusion list bad-ccds.csv needs a reason: add --exclude-reason "..."\n' });
    expect((await campaign('why', 'visit=abc')).err).toBe('visit=abc: visit is an integer dimension; expected an integer such as 42\n');
  });

  it('answers why in the dimensions the config declares, and names the nearest dimension for a typo', async () => {
    writeFileSync(join(dir, 'campaign-notebook.yaml'), 'lists:\n  extra_dimensions: {ccdvisit: int, survey: string}\n');
    writeFileSync(join(dir, 'site.txt'), 'ccdvisit=7 survey=wide\n');
    await campaign('new', 'w07-rc2', '--description', 'RC2 weekly');
    expect((await campaign('start', 'w07-rc2', 'step1', '--wms', 'panda', '--exclude', 'site.txt', '--exclude-reason', 'bad seeing')).code).toBe(0);
    // Typed as the lists store it: ccdvisit=7 is the integer 7, not the text "7".
    expect((await campaign('why', 'ccdvisit=7')).out).toMatch(/^CMP-1\/1 \(w07-rc2 \/ step1\) {2}excluded by ccdvisit=7 survey=wide {2}— bad seeing/);
    expect((await campaign('why', 'survey=wide', 'ccdvisit=07')).out).toMatch(/^CMP-1\/1 .* excluded by/);
    // Stored as the list typed it: the declared int dimension as INTEGER, like visit, not REAL.
    const db = openDatabase(join(dir, 'notebook.sqlite'));
    const types = db.prepare('SELECT typeof(v1) AS a, typeof(v2) AS b FROM list_entries').get() as { a: string; b: string };
    expect([types.a, types.b].sort()).toEqual(['integer', 'text']);
    db.close();
    expect((await campaign('why', 'ccdvisit=x')).err).toBe('ccdvisit=x: ccdvisit is an integer dimension; expected an integer such as 42\n');
    expect(await campaign('why', 'visits=2025111500226')).toEqual({
      code: 1,
      out: '',
      err: "visits is not a dimension of the daf_butler universe version 8 with the config's lists.extra_dimensions; did you mean visit?\n",
    });
  });

  it('exits 2 with the usage for a command line that does not parse', async () => {
    for (const argv of [['bogus'], ['new', 'x'], ['show'], ['why', 'visit'], ['start', 'a', 'b', '--wms', 'panda', '--colour', 'red']]) {
      const result = await campaign(...argv);
      expect(result.code, argv.join(' ')).toBe(2);
      expect(result.err, argv.join(' ')).toMatch(/^campaign: .+\n\ncampaign: the campaign notebook from the command line/);
    }
    expect((await campaign()).out).toContain('campaign why <dim>=<value>... [--json]');
  });
});

describe('campaign db', () => {
  it('migrates, then reports the database up to date', async () => {
    const first = await campaign('db', 'migrate');
    expect(first.out).toMatch(/notebook\.sqlite: schema version \d+ \(applied \d+ migration\(s\)\)\n$/);
    expect((await campaign('db', 'migrate')).out).toMatch(/schema version \d+ \(up to date\)\n$/);
  });

  it('backs up the database online into a file that opens with the same records', async () => {
    await campaign('new', 'w07', '--description', 'x');
    const result = await campaign('db', 'backup', 'backup.sqlite');
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/^Backed up .*notebook\.sqlite to .*backup\.sqlite \(\d+ bytes\)\.\n$/);
    const copy = openDatabase(join(dir, 'backup.sqlite'));
    expect(copy.prepare('SELECT short_name FROM campaigns').pluck().all()).toEqual(['w07']);
    copy.close();
  });
});

describe('the campaign command as a process', () => {
  it('runs from the shell with CAMPAIGN_DB and exits with the right code', () => {
    const root = fileURLToPath(new URL('../..', import.meta.url));
    const run = (...args: string[]) =>
      // from the repository root, where `--import tsx` resolves
      spawnSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], {
        cwd: root,
        env: { ...process.env, CAMPAIGN_DB: join(dir, 'process.sqlite'), USER: 'ops' },
        encoding: 'utf8',
      });
    const defined = run('new', 'w07', '--description', 'from a shell');
    expect(defined.stderr).toBe('');
    expect(defined.stdout).toBe('Defined CMP-1 (w07).\n');
    expect(defined.status).toBe(0);
    expect(existsSync(join(dir, 'process.sqlite'))).toBe(true);
    const wrong = run('status', 'w07', 'paused');
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).toBe('CMP-1 cannot go from defined to paused: from defined it can go to running\n');
  });

  it('waits for another process\'s write transaction instead of failing (busy timeout), then records', async () => {
    const root = fileURLToPath(new URL('../..', import.meta.url));
    const path = join(dir, 'notebook.sqlite');
    openDatabase(path).close();
    // another process (the bot) takes the write lock and keeps it for a second
    const holder = spawn(
      process.execPath,
      ['-e', "const db = new (require('better-sqlite3'))(process.argv[1]); db.exec('BEGIN IMMEDIATE'); console.log('locked'); setTimeout(() => db.exec('COMMIT'), 1000);", path],
      { cwd: root },
    );
    await new Promise<void>((resolve, reject) => {
      holder.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('locked') && resolve());
      holder.on('exit', (code) => reject(new Error(`lock holder exited ${code}`)));
    });
    // without a busy timeout this would fail at once with "database is locked"
    expect(await campaign('new', 'w07', '--description', 'while the bot writes')).toEqual({ code: 0, out: 'Defined CMP-1 (w07).\n', err: '' });
    await new Promise((resolve) => holder.on('exit', resolve));
  });
});

describe('campaign with bps output files', () => {
  it('records the run from bps submit output and the status from bps report output', async () => {
    // what bps prints (test/fixtures/bps/README.md)
    for (const name of ['submit-pasted-in-slack.txt', 'submit-then-restart.txt', 'report-summary.txt', 'report-id.txt']) {
      copyFileSync(fileURLToPath(new URL(`../fixtures/bps/${name}`, import.meta.url)), join(dir, name));
    }
    await campaign('new', 'w07', '--description', 'x');
    await campaign('start', 'w07', 'step1', '--wms', 'htcondor');
    const twice = await campaign('run', 'CMP-1/1', '--bps-output', 'submit-then-restart.txt');
    expect(twice.code).toBe(1);
    expect(twice.err).toContain('The pasted bps output holds 2 submissions (Run Id 176261, 21054.0)');

    expect((await campaign('run', 'CMP-1/1', '--bps-output', 'submit-pasted-in-slack.txt')).out).toBe(
      'CMP-1/1: run 176261 (u_jdoe_pipelines_check_20211117T155008Z), submitted.\n',
    );
    expect((await campaign('status', 'CMP-1/1', '--bps-report', 'report-summary.txt')).out).toBe(
      'CMP-1/1 is now running (bps report: RUNNING (flag F), 42% of jobs succeeded).\n',
    );
    expect((await campaign('run', 'CMP-1/1', '--bps-output', 'report-id.txt')).out).toBe(
      'CMP-1/1 is now failed (bps report: FAILED, 40% of jobs succeeded).\n' +
        'CMP-1 is now paused, waiting for a decision: campaign status CMP-1 running | completed <reason> | failed <reason>\n',
    );
    expect((await campaign('history', 'CMP-1')).out).toContain('status running → failed: bps report: FAILED, 40% of jobs succeeded');
  });
});

describe('campaign clone, rerun, diff, operators, who and export --to bps', () => {
  beforeEach(async () => {
    expect((await campaign('new', 'w07-rc2', '--description', 'RC2 weekly', '--stack-version', 'w_2025_47', '--butler-repo', '/repo/main', '--operators', 'jdoe')).code).toBe(0);
    const started = await campaign(
      ...['start', 'w07-rc2', 'step1', '--wms', 'panda', '--data-query', "instrument='LSSTCam'", '--config-override', 'isr:doDark=False'],
      ...['--include', 'same.json', '--include-reason', 'the night', '--include-provenance', 'lsst-dm/triage@abcdef1'],
      ...['--exclude', 'bad-ccds.csv', '--exclude-reason', 'vignetted'],
    );
    expect(started.code).toBe(0);
  });

  it('refuses a mistyped stack version and a malformed override, showing what it takes', async () => {
    const typo = await campaign('start', 'w07-rc2', 'x', '--wms', 'panda', '--stack-version', 'weekly-47', '--config-override', 'isr doDark');
    expect(typo.code).toBe(1);
    expect(typo.err).toContain('"weekly-47" is not a Science Pipelines version. Accepted: weekly w_YYYY_WW');
    expect(typo.err).toContain('line 1 ("isr doDark")');
  });

  it('reruns a workflow with every field and list from the source, the changes required, and diffs the two', async () => {
    const missing = await campaign('rerun', 'CMP-1/1');
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('Say what differs from CMP-1/1, and why');

    const rerun = await campaign('rerun', 'CMP-1/1', 'step1b', '--changes', 'other CCDs left out', '--exclude', 'other.yaml', '--exclude-reason', 'new triage', '--stack-version', 'w_2025_49');
    expect(rerun.code).toBe(0);
    expect(rerun.out).toContain('Started CMP-1/2 (step1b), a rerun of CMP-1/1');
    const shown = await campaign('show', 'CMP-1/2');
    expect(shown.out).toContain('Rerun of CMP-1/1: other CCDs left out');
    expect(shown.out).toContain('Software: w_2025_49');
    expect(shown.out).toContain('Config overrides: isr:doDark=False');
    expect(shown.out).toMatch(/include: 3 data IDs .* — the night; made by: lsst-dm\/triage@abcdef1/);

    const diff = await campaign('diff', 'CMP-1/1', 'CMP-1/2', '--json');
    expect(diff.code).toBe(0);
    const json = JSON.parse(diff.out);
    expect(json.fields).toEqual([{ field: 'stack_version', label: 'Software', a: 'w_2025_47', b: 'w_2025_49' }]);
    expect(json.lists).toEqual([
      expect.objectContaining({ kind: 'include', same: true }),
      expect.objectContaining({ kind: 'exclude', same: false, added: 1, removed: 2, firstAdded: [{ detector: 1, visit: 2025111500231 }] }),
    ]);
    expect((await campaign('diff', 'CMP-1/1', 'CMP-1/2')).out).toContain('removed detector=42 visit=2025111500230');
  });

  it('clones a campaign and hands it over; who says what each operator holds', async () => {
    const clone = await campaign('clone', 'w07-rc2', 'w09-rc2', '--changes', 'next weekly', '--stack-version', 'w_2025_49');
    expect(clone.out).toContain('Defined CMP-2 (w09-rc2), a clone of CMP-1 (w07-rc2).');
    expect((await campaign('show', 'w09-rc2')).out).toContain('Clone of CMP-1: next weekly');
    expect((await campaign('history', 'CMP-1')).out).toContain('cloned into CMP-2: next weekly');

    const handed = await campaign('operators', 'CMP-1', 'carol', 'slack:U0BOB');
    expect(handed.out).toBe('CMP-1: cli:carol, slack:U0BOB\n');
    expect((await campaign('history', 'CMP-1')).out).toContain('operators cli:jdoe → cli:carol, slack:U0BOB');
    const who = await campaign('who', 'carol');
    expect(who.out).toBe('cli:carol\n  campaigns: CMP-1 w07-rc2 (running)\n  workflows: CMP-1/1 step1 (recorded)\n');
    expect((await campaign('who')).out).toContain('cli:jdoe (jdoe)\n  campaigns: CMP-2 w09-rc2 (defined)');
    await campaign('export', 'w09-rc2', '--out', 'w09');
    expect(readFileSync(join(dir, 'w09', 'CMP-2.yaml'), 'utf8')).toContain('operatorNames:\n  cli:jdoe: jdoe\n');
  });

  it('writes the bps submit YAML and the inclusion table, and says what it could not express', async () => {
    const exported = await campaign('export', 'CMP-1/1', '--to', 'bps', '--out', 'bps');
    expect(exported.code).toBe(0);
    const written = exported.out.trim().split('\n');
    expect(written[0]).toBe(join(dir, 'bps', 'CMP-1-1.bps.yaml'));
    expect(written[1]).toMatch(/CMP-1-1\.include-[0-9a-f]{12}\.ecsv$/);
    const yaml = readFileSync(written[0]!, 'utf8');
    expect(yaml).toContain("dataQuery: (instrument='LSSTCam') AND NOT (");
    expect(yaml).toContain('operator: jdoe');
    expect(yaml).toContain('butlerConfig: /repo/main');
    expect(exported.err).toBe('Not expressed: Not recorded, so not set: pipelineYaml, inCollection.\n');
    expect((await campaign('export', 'CMP-1', '--to', 'bps')).err).toContain('names a campaign; expected a workflow');
    expect((await campaign('export', 'CMP-1/1', '--to', 'pegasus')).code).toBe(2);
  });
});
