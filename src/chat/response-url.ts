import type { ChatMessage } from './chat-message.js';
import { fitAnswer, RESPONSE_URL_USES } from './fit-answer.js';

/** A slash command's `response_url`, its uses counted: the platforms refuse a sixth post (RESPONSE_URL_USES). */
export interface ResponseUrl<Part> {
  /** How many more posts it takes. */
  left(): number;
  send(part: Part): Promise<void>;
}

export function countResponseUrlUses<Part>(send: (part: Part) => Promise<unknown>): ResponseUrl<Part> {
  let used = 0;
  return {
    left: () => RESPONSE_URL_USES - used,
    async send(part) {
      if (used >= RESPONSE_URL_USES) throw new Error(`a response_url takes ${RESPONSE_URL_USES} posts, all used`);
      used += 1;
      await send(part);
    },
  };
}

/**
 * Tells a user something privately: through the command's response_url while it lasts, the message
 * fitted to the posts left (fitAnswer); else, or with no response_url, every part the other way
 * (an ephemeral post), which has no such count.
 */
export async function tellPrivately<Part>(
  message: ChatMessage,
  render: (message: ChatMessage) => Part[],
  responseUrl: ResponseUrl<Part> | undefined,
  otherwise: (part: Part) => Promise<void>,
): Promise<void> {
  const left = responseUrl?.left() ?? 0;
  for (const part of left > 0 ? fitAnswer(message, left, render) : render(message)) {
    if (responseUrl && responseUrl.left() > 0) await responseUrl.send(part);
    else await otherwise(part);
  }
}

/** A command's own answer (Slack's ack, Mattermost's HTTP answer) and the parts that follow it through the response_url. */
export function answerAndRest<Part>(message: ChatMessage, render: (message: ChatMessage) => Part[], responseUrl: ResponseUrl<Part> | undefined): [Part, Part[]] {
  const [first, ...rest] = fitAnswer(message, 1 + (responseUrl?.left() ?? 0), render);
  return [first!, rest];
}
