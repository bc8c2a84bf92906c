import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'campaign-cli-bps-'));
  // what bps prints (test/fixtures/bps/README.md)
  for (const name of ['submit-pasted-in-slack.txt', 'submit-then-restart.txt', 'report-summary.txt', 'report-id.txt']) {
    copyFileSync(fileURLToPath(new URL(`../fixtures/bps/${name}`, import.meta.url)), join(dir, name));
  }
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

describe('campaign with bps output files', () => {
  it('records the run from bps submit output and the status from bps report output', async () => {
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
    expect((await campaign('run', 'CMP-1/1', '--bps-output', 'report-id.txt')).out).toBe('CMP-1/1 is now failed (bps report: FAILED, 40% of jobs succeeded).\n');
    expect((await campaign('history', 'CMP-1')).out).toContain('status running → failed: bps report: FAILED, 40% of jobs succeeded');
  });
});
