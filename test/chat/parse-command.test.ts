import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../src/chat/parse-command.js';

describe('parseCommand', () => {
  it('treats an empty command as help', () => {
    expect(parseCommand('  ')).toEqual({ ok: true, command: { verb: 'help' } });
  });

  it('reads references, labels and statuses', () => {
    expect(parseCommand('start w07-rc2 step1')).toEqual({ ok: true, command: { verb: 'start', campaign: 'w07-rc2', label: 'step1' } });
    expect(parseCommand('status CMP-12/3 failed  out of memory on step2')).toEqual({
      ok: true,
      command: { verb: 'status', ref: 'CMP-12/3', status: 'failed', reason: 'out of memory on step2' },
    });
    expect(parseCommand('list running mine')).toEqual({ ok: true, command: { verb: 'list', status: 'running', mine: true } });
  });

  it('keeps the note text with its newlines', () => {
    expect(parseCommand('note CMP-1 first line\nsecond line')).toEqual({ ok: true, command: { verb: 'note', ref: 'CMP-1', text: 'first line\nsecond line' } });
  });

  it('reads a run id and name, or pasted bps submit output', () => {
    expect(parseCommand('run CMP-1/2 176261 u_jdoe_x')).toEqual({ ok: true, command: { verb: 'run', workflow: 'CMP-1/2', runId: '176261', runName: 'u_jdoe_x' } });
    const pasted = 'run CMP-1/2\nSubmit dir: /sdf/x\nRun Id: 21054.0\nRun Name: u_jdoe_pipelines_check_20211117T155008Z\n';
    expect(parseCommand(pasted)).toEqual({
      ok: true,
      command: { verb: 'run', workflow: 'CMP-1/2', runId: '21054.0', runName: 'u_jdoe_pipelines_check_20211117T155008Z' },
    });
  });

  it('reads a data ID for why as text (the notebook types it by the dimension universe)', () => {
    expect(parseCommand('why instrument=LSSTCam visit=2025111500226 detector="42"')).toEqual({
      ok: true,
      command: { verb: 'why', dataId: { instrument: 'LSSTCam', visit: '2025111500226', detector: '42' } },
    });
  });

  it('answers bad arguments with the problem and the usage of that verb', () => {
    expect(parseCommand('why visit')).toEqual({ ok: false, verb: 'why', message: '"visit" is not <dimension>=<value>.\nUsage: /campaign why <dimension>=<value> ...' });
    expect(parseCommand('status CMP-1 exploded')).toMatchObject({ ok: false, verb: 'status', message: expect.stringMatching(/^Unknown status "exploded"/) });
    expect(parseCommand('start')).toMatchObject({ ok: false, verb: 'start', message: expect.stringContaining('Usage: /campaign start <campaign> [label]') });
    expect(parseCommand('run CMP-1/1 a b c')).toMatchObject({ ok: false, verb: 'run' });
    expect(parseCommand('history w07 0')).toMatchObject({ ok: false, verb: 'history' });
  });

  it('names an unknown verb and lists the verbs', () => {
    const parsed = parseCommand('frobnicate now');
    expect(parsed).toMatchObject({ ok: false, message: expect.stringContaining('Unknown verb "frobnicate"') });
    expect(parsed.ok || parsed.message).toContain('lists');
  });
});
