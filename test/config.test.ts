import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readEnvConfig, readFileConfig } from '../src/config.js';

function configFile(text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'config-')), 'campaign-notebook.yaml');
  writeFileSync(path, text);
  return path;
}

describe('readFileConfig', () => {
  it('names an unknown key', () => {
    const path = configFile('slack:\n  team: T1\n');
    expect(() => readFileConfig(path, true)).toThrow(/unrecognized key.*"team"[\s\S]*slack/i);
  });

  it('refuses a status tool with both url and command', () => {
    const path = configFile('status_tools:\n  panda:\n    - label: x\n      url: "https://a/{run_name}"\n      command: "bps report"\n');
    expect(() => readFileConfig(path, true)).toThrow(/exactly one of `url` or `command`[\s\S]*status_tools\.panda\[0\]/);
  });

  it('reads reminders: durations from 1 s up in milliseconds, the digest time of day in UTC', () => {
    const path = configFile('reminders:\n  paused: 30s\n  quiet: 2d\n  digest: "08:05"\n');
    expect(readFileConfig(path, true).reminders).toEqual({ paused: 30_000, quiet: 2 * 86_400_000, digest: { hour: 8, minute: 5 } });
    expect(readFileConfig(configFile('reminders:\n  quiet: 12h\n'), true).reminders).toEqual({ quiet: 12 * 3_600_000 });
  });

  it('names the reminders key that is wrong and says what it expects', () => {
    expect(() => readFileConfig(configFile('reminders:\n  paused: 12 hours\n'), true)).toThrow(/30s, 15m, 12h or 2d[\s\S]*reminders\.paused/);
    expect(() => readFileConfig(configFile('reminders:\n  quiet: 0s\n'), true)).toThrow(/reminders\.quiet/);
    expect(() => readFileConfig(configFile('reminders:\n  digest: "8:00"\n'), true)).toThrow(/"HH:MM"[\s\S]*reminders\.digest/);
    expect(() => readFileConfig(configFile('reminders:\n  digest: "24:00"\n'), true)).toThrow(/reminders\.digest/);
    expect(() => readFileConfig(configFile('reminders:\n  weekly: 7d\n'), true)).toThrow(/unrecognized key.*"weekly"[\s\S]*reminders/i);
  });

  it('fills defaults when the optional file is absent', () => {
    expect(readFileConfig('/nonexistent/campaign-notebook.yaml', false)).toEqual({});
  });

  it('requires a file named by CAMPAIGN_CONFIG', () => {
    expect(() => readFileConfig('/nonexistent/x.yaml', true)).toThrow(/Cannot read the config file \/nonexistent\/x.yaml/);
  });
});

describe('readEnvConfig', () => {
  it('says which Slack variable is missing', () => {
    expect(() => readEnvConfig({ SLACK_BOT_TOKEN: 'xoxb-1' })).toThrow('Slack is half configured: set SLACK_SIGNING_SECRET as well');
  });

  it('needs no signing secret in Socket Mode (the app-level token opens the connection), but the bot token', () => {
    expect(readEnvConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' }).slack).toMatchObject({ botToken: 'xoxb-1', appToken: 'xapp-1' });
    expect(() => readEnvConfig({ SLACK_APP_TOKEN: 'xapp-1' })).toThrow('Slack is half configured: set SLACK_BOT_TOKEN as well');
  });

  it('asks for Jira credentials when JIRA_HOST is set', () => {
    expect(() => readEnvConfig({ JIRA_HOST: 'https://jira.example.org' })).toThrow(/JIRA_PAT/);
  });

  it('reads a Data Center token and strips the trailing slash of the host', () => {
    const config = readEnvConfig({ JIRA_HOST: 'https://jira.example.org/', JIRA_PAT: 'p' });
    expect(config.jira).toEqual({ host: 'https://jira.example.org', auth: { pat: 'p' } });
    expect(config.slack).toBeUndefined();
    expect(config.port).toBe(3000);
    expect(config.databasePath).toBe('data/campaign-notebook.sqlite');
  });
});
