import { describe, expect, it } from 'vitest';
import { messagePlainText } from '../../src/chat/chat-message.js';
import type { ChatRequest } from '../../src/chat/chat-request.js';
import { accessRefusal, type AccessPolicy } from '../../src/chat/check-access.js';

const noGroups = async () => [];
const from = (platform: ChatRequest['platform'], teamId: string): ChatRequest => ({ platform, userId: 'u1', userName: 'jo', channelId: 'c1', teamId });

describe('access: the team check is per platform', () => {
  const policy: AccessPolicy = { writers: [], teamIds: { slack: 'T0SLACK', mattermost: 'mm-team' } };

  it("checks each platform's request against that platform's team id", async () => {
    expect(await accessRefusal(from('slack', 'T0SLACK'), true, policy, noGroups)).toBeUndefined();
    expect(await accessRefusal(from('mattermost', 'mm-team'), true, policy, noGroups)).toBeUndefined();
    const slackRefusal = await accessRefusal(from('slack', 'mm-team'), false, policy, noGroups);
    expect(messagePlainText(slackRefusal!)).toMatch(/serves another workspace.*slack\.team_id/s);
    const mattermostRefusal = await accessRefusal(from('mattermost', 'T0SLACK'), false, policy, noGroups);
    expect(messagePlainText(mattermostRefusal!)).toMatch(/serves another workspace.*mattermost\.team_id/s);
  });

  it('leaves a platform without a configured team id open to any team', async () => {
    const slackOnly: AccessPolicy = { writers: [], teamIds: { slack: 'T0SLACK' } };
    expect(await accessRefusal(from('mattermost', 'any-team'), true, slackOnly, noGroups)).toBeUndefined();
    expect(await accessRefusal(from('slack', 'T0OTHER'), false, slackOnly, noGroups)).toBeDefined();
  });
});
