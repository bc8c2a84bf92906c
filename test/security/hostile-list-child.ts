// Child process of parser-bounds.test.ts: parses each hostile document under a small heap and
// prints one JSON line per case. An unbounded parser dies here (heap limit) instead of in the test runner.
import { gzipSync } from 'node:zlib';
import { ListError } from '../../src/lists/list-error.js';
import { parseDataIdList } from '../../src/lists/parse-data-id-list.js';
import { parseCommand } from '../../src/chat/parse-command.js';

const MB = 1024 * 1024;

/** Hostile documents, each about 10 MB or exponentially expanding. */
export const HOSTILE: Readonly<Record<string, () => string>> = {
  'open brackets': () => '['.repeat(4 * MB),
  'balanced brackets': () => '['.repeat(MB) + ']'.repeat(MB),
  'open objects': () => '{"a":'.repeat(2 * MB),
  'open flow maps': () => '[{'.repeat(MB),
  'deep block YAML': () => Array.from({ length: 4000 }, (_, i) => `${' '.repeat(i)}a:`).join('\n'),
  'YAML alias bomb': () => {
    const lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 12; i++) lines.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`);
    return lines.join('\n');
  },
  'YAML alias bomb in a list': () => `data_ids:\n  - &a {visit: 1}\n${'  - *a\n'.repeat(200_000)}`,
  'one 10 MB line': () => `visit=${'1'.repeat(10 * MB)}`,
  'one 10 MB word': () => 'x'.repeat(10 * MB),
  'one 10 MB YAML scalar': () => `- ${'a'.repeat(10 * MB)}`,
  'control characters': () => Array.from({ length: 100_000 }, (_, i) => `visit=${i}\u0000\u001b[2J\r\u2028detector=\u0007${i}`).join('\n'),
  'NUL bytes': () => '\u0000'.repeat(2 * MB),
  'a million commas': () => `visit${','.repeat(MB)}\n1${','.repeat(MB)}`,
  'a million quotes': () => `visit\n${'"'.repeat(10 * MB)}`,
};

const names = process.argv.slice(2);
const sources = ['pasted', 'list.json', 'list.yaml', 'list.csv', 'list.ecsv', 'list.txt'];
for (const name of names.length > 0 ? names : Object.keys(HOSTILE)) {
  const text = HOSTILE[name]!();
  const inputs: [string, string | Uint8Array][] = sources.map((source) => [source, text]);
  inputs.push(['list.gz', gzipSync(text)]);
  inputs.push(['command', text]);
  for (const [source, input] of inputs) {
    let outcome: string;
    try {
      if (source === 'command') {
        parseCommand(`why ${text}`);
        parseCommand(`note CMP-1 ${text}`);
        outcome = 'result';
      } else {
        parseDataIdList(input, { source });
        outcome = 'result';
      }
    } catch (error) {
      outcome = error instanceof ListError ? 'ListError' : `${(error as Error).name}: ${(error as Error).message.slice(0, 200)}`;
    }
    process.stdout.write(`${JSON.stringify({ name, source, outcome })}\n`);
  }
}
