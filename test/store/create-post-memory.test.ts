import { describe, expect, it } from 'vitest';
import { createPostMemory } from '../../src/store/create-post-memory.js';
import { openDatabase } from '../../src/store/open-database.js';

describe('createPostMemory', () => {
  it('remembers chat posts per record and platform, the latest winning', () => {
    const posts = createPostMemory(openDatabase(':memory:'));
    posts.rememberPost({ recordId: 'CMP-1', platform: 'slack', channel: 'C1', messageId: '1.1' });
    posts.rememberPost({ recordId: 'CMP-1', platform: 'mattermost', channel: 'town', messageId: 'abc' });
    posts.rememberPost({ recordId: 'CMP-1', platform: 'slack', channel: 'C1', messageId: '1.2' });
    expect(posts.findPost('CMP-1', 'slack')).toEqual({ recordId: 'CMP-1', platform: 'slack', channel: 'C1', messageId: '1.2' });
    expect(posts.findPost('CMP-1', 'mattermost')?.messageId).toBe('abc');
    expect(posts.findPost('CMP-2', 'slack')).toBeUndefined();
  });
});
