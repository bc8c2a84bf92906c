import { text, type ChatMessage, type MessageBlock } from './chat-message.js';

/**
 * Splits a message into as few messages as a platform takes, in order: each part is the longest
 * run of blocks for which `fits` holds, the later ones titled "(continued, 2 of 3)". A block that
 * does not fit even alone goes alone (the platform's renderer shortens it, saying so). A message
 * that fits is returned as it is.
 */
export function splitMessage(message: ChatMessage, fits: (part: ChatMessage) => boolean): ChatMessage[] {
  if (fits(message)) return [message];
  const runs: MessageBlock[][] = [];
  let run: MessageBlock[] = [];
  for (const block of message.blocks) {
    // A continuation's title is longer than the first part's: measure each run with the longest one.
    if (run.length > 0 && !fits({ title: continuedTitle(message, 99, 99), blocks: [...run, block] })) {
      runs.push(run);
      run = [];
    }
    run.push(block);
  }
  if (run.length > 0) runs.push(run);
  return runs.map((blocks, index) => ({ title: index === 0 ? message.title : continuedTitle(message, index + 1, runs.length), blocks }));
}

function continuedTitle(message: ChatMessage, part: number, of: number): ChatMessage['title'] {
  return [...message.title, text(` (continued, ${part} of ${of})`)];
}

