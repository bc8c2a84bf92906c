import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/campaign/user-error.js';
import { answerCommand, type CommandTransport } from '../../src/chat/answer-command.js';
import type { ChatEffect } from '../../src/chat/chat-effect.js';
import { messagePlainText, simpleMessage, text, type ChatMessage } from '../../src/chat/chat-message.js';
import { createReportFailure } from '../../src/chat/report-failure.js';

const reply = (words: string): ChatEffect => ({ kind: 'reply', message: simpleMessage([text(words)]) });
const post = (words: string): ChatEffect => ({ kind: 'post', channelId: 'C1', message: simpleMessage([text(words)]) });
const openForm: ChatEffect = { kind: 'openForm', form: { id: 'campaign_new', title: 'New campaign', submitLabel: 'Record', fields: [] }, state: { formId: 'campaign_new', channelId: 'C1' } };

/** A platform that writes down, in order, what the chat layer asked of it. */
function recordingTransport(options: { runFails?: unknown } = {}) {
  const said: string[] = [];
  const words = (message: ChatMessage) => messagePlainText(message).replace(/\s+/g, ' ').trim();
  const transport: CommandTransport = {
    answer: async (message) => void said.push(`answer: ${message ? words(message) : '(empty)'}`),
    answerLater: async () => void said.push('answer later'),
    run: async (effects) => {
      if (options.runFails) throw options.runFails;
      for (const effect of effects) said.push(`${effect.kind}: ${effect.kind === 'reply' || effect.kind === 'post' ? words(effect.message) : effect.kind}`);
    },
    tell: async (message) => void said.push(`tell: ${words(message)}`),
  };
  return { said, transport };
}

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((yes, no) => ((resolve = yes), (reject = no)));
  return { promise, resolve, reject };
}

function options(log: string[], afterAnswers: () => Promise<void> = async () => void log.push('after answers')) {
  return {
    answerWithinMs: 20,
    afterAnswers,
    report: createReportFailure({ platform: 'slack' as const, log: (line: string) => log.push(line) }),
    warn: (line: string) => log.push(`warn: ${line}`),
  };
}

describe('answerCommand', () => {
  it('puts a quick first reply in the answer itself and runs nothing after it', async () => {
    const log: string[] = [];
    const { said, transport } = recordingTransport();
    await answerCommand('list', Promise.resolve([reply('3 campaigns')]), transport, options(log));
    expect(said).toEqual(['answer: 3 campaigns']);
    expect(log).toEqual([]);
  });

  it('answers at once with nothing when a post comes first, and posts once no request waits for its answer', async () => {
    const log: string[] = [];
    const { said, transport } = recordingTransport();
    await answerCommand('note', Promise.resolve([post('note on CMP-1'), reply('posted elsewhere')]), transport, options(log));
    expect(said).toEqual(['answer: (empty)', 'post: note on CMP-1', 'reply: posted elsewhere']);
    expect(log).toEqual(['after answers']);
  });

  it('opens a form without waiting for other requests to be answered (its trigger expires)', async () => {
    const log: string[] = [];
    const { said, transport } = recordingTransport();
    const never = () => new Promise<void>(() => {});
    await answerCommand('new', Promise.resolve([openForm]), transport, options(log, never));
    expect(said).toEqual(['answer: (empty)', 'openForm: openForm']);
  });

  it('acknowledges a slow command first and tells its outcome after', async () => {
    const log: string[] = [];
    const { said, transport } = recordingTransport();
    const work = deferred<ChatEffect[]>();
    const answering = answerCommand('why', work.promise, transport, options(log));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(said).toEqual(['answer later']);
    work.resolve([reply('matched 2 workflows')]);
    await answering;
    expect(said).toEqual(['answer later', 'reply: matched 2 workflows']);
  });

  it('answers a quick failure with its error id, which is in the log line', async () => {
    const log: string[] = [];
    const { said, transport } = recordingTransport();
    await answerCommand('show', Promise.reject(new Error('disk on fire')), transport, options(log));
    expect(said).toHaveLength(1);
    const errorId = /Error id (\w+)/.exec(said[0]!)?.[1];
    expect(said[0]).toMatch(/^answer: Something went wrong \/campaign show failed: an internal error/);
    expect(log).toEqual([expect.stringMatching(new RegExp(`^\\[slack\\] error id ${errorId}: /campaign show failed: Error: disk on fire`))]);
  });

  it('tells a slow failure privately after the acknowledgement', async () => {
    const log: string[] = [];
    const { said, transport } = recordingTransport();
    const work = deferred<ChatEffect[]>();
    const answering = answerCommand('show', work.promise, transport, options(log));
    await new Promise((resolve) => setTimeout(resolve, 50));
    work.reject(new Error('disk on fire'));
    await answering;
    expect(said).toEqual(['answer later', expect.stringMatching(/^tell: Something went wrong \/campaign show failed: .* Error id [0-9a-f]{6}/)]);
  });

  it("tells a user's own mistake found after the answer as it is, with no error id", async () => {
    const log: string[] = [];
    const { said, transport } = recordingTransport({ runFails: new UserError('The form could not open in time. Run the command again.') });
    await answerCommand('new', Promise.resolve([openForm]), transport, options(log));
    expect(said).toEqual(['answer: (empty)', 'tell: The form could not open in time. Run the command again.']);
    expect(log).toEqual(['warn: /campaign new: The form could not open in time. Run the command again.']);
  });

  it('tells a failure after the answer privately, with the hint the platform gives for its error', async () => {
    const log: string[] = [];
    const { said, transport } = recordingTransport({ runFails: Object.assign(new Error('An API error occurred: not_in_channel'), { data: { error: 'not_in_channel' } }) });
    const report = createReportFailure({ platform: 'slack', log: (line) => log.push(line), explain: () => ({ code: 'not_in_channel', hint: 'Invite the bot.' }) });
    await answerCommand('note', Promise.resolve([post('note')]), transport, { ...options(log), report });
    expect(said).toEqual(['answer: (empty)', expect.stringMatching(/^tell: Something went wrong \/campaign note failed: Invite the bot\. Anything already recorded is kept\./)]);
    expect(log).toEqual(['after answers', expect.stringMatching(/^\[slack\] error id [0-9a-f]{6}: \/campaign note failed \(Slack: not_in_channel\): /)]);
  });
});
