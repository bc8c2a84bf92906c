import { ListError } from './list-error.js';

const MAX_LISTED = 20;

/** Collects what is wrong with a list, keeping the first 20 messages and counting the rest. */
export interface ListProblems {
  readonly source: string;
  add(message: string): void;
  count(): number;
  /** Throws one ListError listing the problems, if there are any. */
  throwIfAny(): void;
  /** Throws at once with this problem added (for problems after which parsing cannot go on). */
  fail(message: string): never;
}

export function createListProblems(source: string, field?: string): ListProblems {
  const messages: string[] = [];
  let total = 0;
  const problems: ListProblems = {
    source,
    add(message) {
      total += 1;
      if (messages.length < MAX_LISTED) messages.push(message);
    },
    count: () => total,
    throwIfAny() {
      if (total === 0) return;
      const lines = messages.map((message) => `- ${message}`);
      if (total > messages.length) lines.push(`- and ${total - messages.length} more`);
      const head = total === 1 ? `The data-ID list in ${source} has a problem:` : `The data-ID list in ${source} has ${total} problems:`;
      const message = `${head}\n${lines.join('\n')}`;
      throw new ListError(message, field === undefined ? {} : { [field]: message });
    },
    fail(message) {
      problems.add(message);
      problems.throwIfAny();
      throw new Error('unreachable');
    },
  };
  return problems;
}
