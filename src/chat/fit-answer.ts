import { text, type ChatMessage, type MessageBlock } from './chat-message.js';

/**
 * How many posts a slash command's `response_url` takes: Slack 5 within 30 minutes, Mattermost 5
 * and then 400. A private answer after the command's own answer must fit in these.
 */
export const RESPONSE_URL_USES = 5;

/**
 * The platform messages of a private answer, at most `budget` of them: the whole answer when it fits
 * (`render` makes as few messages as the platform takes whole), else its first blocks and a last line
 * saying how many are left out and where they are (`message.rest`). Nothing is cut without saying so.
 */
export function fitAnswer<Part>(message: ChatMessage, budget: number, render: (message: ChatMessage) => Part[]): Part[] {
  if (budget < 1) throw new Error(`an answer needs room for one message at least (budget ${budget})`);
  const whole = render(message);
  if (whole.length <= budget) return whole;
  const keeping = (kept: number) =>
    render({ title: message.title, blocks: [...message.blocks.slice(0, kept), leftOut(message, message.blocks.length - kept, budget)] });
  // More blocks kept never makes fewer messages: search for the most that still fit.
  let low = 0;
  let high = message.blocks.length - 1;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (keeping(middle).length <= budget) low = middle;
    else high = middle - 1;
  }
  return keeping(low).slice(0, budget);
}

function leftOut(message: ChatMessage, count: number, budget: number): MessageBlock {
  const what = `…${count} more ${count === 1 ? 'line does' : 'lines do'} not fit in the ${budget} message${budget === 1 ? '' : 's'} a command's answer may take`;
  return { kind: 'context', parts: [text(`${what}.`), ...(message.rest ? [text(' '), ...message.rest] : [])] };
}
