import { describe, expect, it } from 'vitest';
import { createAppLog, createLog } from '../src/log.js';

const TOKEN = 'xoxb-1234567890-SECRETbotTOKEN-a1b2c3';

describe('the log', () => {
  it('redacts a secret wherever it appears: message, field, nested field, error stack', () => {
    const lines: string[] = [];
    const log = createLog({ sink: (line) => lines.push(line), secrets: [TOKEN, 'short', undefined] });
    log.info(`calling with ${TOKEN}`, { headers: { authorization: `Bearer ${TOKEN}` } });
    log.error('the call failed', { error: new Error(`401 for token ${TOKEN}`), short: 'short words stay' });
    expect(lines.join('\n')).not.toContain(TOKEN);
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: 'info', msg: 'calling with [redacted]', headers: { authorization: 'Bearer [redacted]' } });
    expect(JSON.parse(lines[1]!)).toMatchObject({ level: 'error', short: 'short words stay' });
    expect(JSON.parse(lines[1]!).error).toMatch(/^Error: 401 for token \[redacted\]\n/);
  });

  it('writes JSON lines at or above its level, with the error id a user was shown as a field', () => {
    const lines: string[] = [];
    let errors = 0;
    const log = createLog({ level: 'warn', sink: (line) => lines.push(line), onError: () => (errors += 1) });
    log.info('not written');
    log.error('[slack] error id 3f9a1c: posting failed');
    expect(lines.map((line) => JSON.parse(line))).toEqual([
      { time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/), level: 'error', msg: '[slack] error id 3f9a1c: posting failed', error_id: '3f9a1c' },
    ]);
    expect(errors).toBe(1);
  });

  it('redacts every credential of the environment, Jira basic auth in its base64 form too', () => {
    const env = { LOG_LEVEL: 'debug', JIRA_EMAIL: 'bot@example.org', JIRA_API_TOKEN: 'jira-api-token-123', MATTERMOST_BOT_TOKEN: 'mm-bot-token-456' };
    const lines: string[] = [];
    const { log, level } = createAppLog(env, { sink: (line) => lines.push(line) });
    const basic = Buffer.from('bot@example.org:jira-api-token-123').toString('base64');
    log.debug(`Authorization: Basic ${basic}; mm ${env.MATTERMOST_BOT_TOKEN}; jira ${env.JIRA_API_TOKEN}`);
    expect(level).toBe('debug');
    expect(JSON.parse(lines[0]!).msg).toBe('Authorization: Basic [redacted]; mm [redacted]; jira [redacted]');
  });
});
