import { slackSignature, type FakeSlack } from '../test/fakes/fake-slack.js';
import type { SlashCommandInput } from '../src/console/slack-stand-in.js';

/** A Slack request body encoded and signed ahead of time, so a timed send measures the server, not the client's encoding. */
export interface SignedRequest {
  readonly body: string;
  readonly timestamp: number;
  readonly signature: string;
}

function signed(slack: FakeSlack, body: string): SignedRequest {
  const timestamp = Math.floor(Date.now() / 1000);
  return { body, timestamp, signature: slackSignature(slack.signingSecret, timestamp, body) };
}

/** Encodes and signs an interactivity payload as Slack would send it (valid for the 5 minutes the app allows). */
export function signedPayload(slack: FakeSlack, payload: unknown): SignedRequest {
  return signed(slack, `payload=${encodeURIComponent(JSON.stringify(payload))}`);
}

/** A slash command as Slack would send it, its trigger and response URL known to the fake. */
export function signedCommand(slack: FakeSlack, input: SlashCommandInput): SignedRequest {
  return signed(slack, slack.commandBody(input));
}
