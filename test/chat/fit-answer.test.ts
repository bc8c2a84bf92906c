import { describe, expect, it } from 'vitest';
import { code, text, userText, type ChatMessage } from '../../src/chat/chat-message.js';
import { fitAnswer } from '../../src/chat/fit-answer.js';
import { renderPosts } from '../../src/mattermost/render-markdown.js';
import { renderMessages } from '../../src/slack/render-message.js';

/** An answer of `count` lines of `length` characters each. */
function answer(count: number, length: number, rest = true): ChatMessage {
  return {
    title: [text('Why visit=1: many lists')],
    blocks: Array.from({ length: count }, (_, index) => ({ kind: 'paragraph', parts: [text(`line ${index + 1} `), userText('x'.repeat(length))] })),
    ...(rest ? { rest: [text('All of them: '), code('campaign why visit=1 --json'), text('.')] } : {}),
  };
}

describe('fitAnswer', () => {
  it('gives the whole answer when it fits in the messages allowed', () => {
    const message = answer(30, 2_000);
    expect(fitAnswer(message, 6, renderPosts)).toEqual(renderPosts(message));
  });

  it('keeps as many lines as fit, then says how many are left out and where they are', () => {
    for (const render of [renderPosts, renderMessages] as const) {
      const parts = fitAnswer(answer(80, 2_500), 3, render as (message: ChatMessage) => unknown[]);
      expect(parts.length).toBe(3);
      // Slack's text fallback repeats the first line: count the blocks only.
      const all = JSON.stringify(parts.map((part) => (typeof part === 'string' ? part : (part as { blocks: unknown }).blocks)));
      const shown = all.split('line ').length - 1;
      const notice = /…(\d+) more lines do not fit in the 3 messages a command's answer may take\. All of them: `campaign why visit=1 --json`\./.exec(all);
      expect(notice).not.toBeNull();
      expect(shown + Number(notice![1])).toBe(80);
    }
  });

  it('says what is left out even when the answer names no other place', () => {
    const [only] = fitAnswer(answer(20, 3_000, false), 1, renderPosts);
    expect(only).toMatch(/…\d+ more lines do not fit in the 1 message a command's answer may take\.$/);
  });
});
