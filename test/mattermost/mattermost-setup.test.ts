import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli.js';
import { startFakeMattermost, type FakeMattermost } from '../fakes/fake-mattermost.js';

async function cli(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    env,
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
  });
  return { code, stdout, stderr };
}

describe('campaign mattermost setup', () => {
  let mm: FakeMattermost;
  let env: Record<string, string>;
  beforeEach(async () => {
    mm = await startFakeMattermost();
    env = { MATTERMOST_URL: mm.url, MATTERMOST_ADMIN_TOKEN: mm.botToken, PUBLIC_URL: 'https://notebook.example.org/' };
  });
  afterEach(async () => {
    await mm.close();
  });

  it('registers /campaign in the team through the API and prints the token to set', async () => {
    const result = await cli(['mattermost', 'setup', '--team', mm.teamName], env);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(mm.commands).toHaveLength(1);
    const command = mm.commands[0]!;
    expect(command).toMatchObject({
      team_id: mm.teamId,
      trigger: 'campaign',
      method: 'P',
      url: 'https://notebook.example.org/mattermost/command',
      auto_complete: true,
      auto_complete_hint: expect.stringContaining('new'),
      auto_complete_desc: expect.stringContaining('why'),
    });
    expect(result.stdout).toContain(`MATTERMOST_COMMAND_TOKEN=${String(command.token)}\n`);
  });

  it('takes a team id too, and says what to do when the command already exists', async () => {
    expect((await cli(['mattermost', 'setup', '--team', mm.teamId], env)).code).toBe(0);
    const again = await cli(['mattermost', 'setup', '--team', mm.teamId], env);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already has a \/campaign command/);
    expect(mm.commands).toHaveLength(1);
  });

  it('names what is missing, a wrong token and an unknown team', async () => {
    const missing = await cli(['mattermost', 'setup'], { MATTERMOST_URL: mm.url });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--team.*PUBLIC_URL.*MATTERMOST_ADMIN_TOKEN/s);
    const wrongToken = await cli(['mattermost', 'setup', '--team', mm.teamName], { ...env, MATTERMOST_ADMIN_TOKEN: 'nope' });
    expect(wrongToken.code).toBe(1);
    expect(wrongToken.stderr).toMatch(/refused the token \(401\)/);
    const unknownTeam = await cli(['mattermost', 'setup', '--team', 'nowhere'], env);
    expect(unknownTeam.code).toBe(1);
    expect(unknownTeam.stderr).toMatch(/No team named "nowhere"/);
    expect(mm.commands).toEqual([]);
  });
});
