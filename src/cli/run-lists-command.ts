import { parseArgs } from 'node:util';
import { isUserError } from '../campaign/user-error.js';
import type { DataIdEntry } from '../lists/data-id-list.js';
import { diffLists } from '../lists/diff-lists.js';
import { fingerprintList } from '../lists/fingerprint-list.js';
import { listToButlerQuery } from '../lists/list-to-butler-query.js';
import { listToEcsv } from '../lists/list-to-ecsv.js';
import { listToJson } from '../lists/list-to-json.js';
import type { CliContext } from './cli-io.js';
import { CliUsageError } from './cli-io.js';
import { formatDataId } from '../lists/data-id.js';
import { formatStoredList } from './format-record.js';
import { readListFile } from './read-list-file.js';

const SHOWN_DIFF_ENTRIES = 50;

/** `campaign lists [validate|convert|diff|add] ...`; returns the exit code. */
export function runListsCommand(context: CliContext): number {
  const [verb, ...rest] = context.args;
  const sub = { ...context, args: rest };
  switch (verb) {
    case undefined:
      return showStoredLists(sub);
    case 'validate':
      return validateLists(sub);
    case 'diff':
      return diffListFiles(sub);
    case 'add':
      return addList(sub);
    case 'convert':
      return convertList(sub);
    default:
      throw new CliUsageError(`unknown lists command "${verb}": expected validate, convert, diff or add`);
  }
}

function showStoredLists(context: CliContext): number {
  const lists = context.notebook().storedLists();
  context.print(lists.length === 0 ? 'No stored lists.' : lists.map(formatStoredList).join('\n'));
  return 0;
}

function validateLists(context: CliContext): number {
  const { values, positionals } = parseArgs({
    args: [...context.args],
    options: { json: { type: 'boolean', default: false } },
    allowPositionals: true,
  });
  if (positionals.length === 0) throw new CliUsageError('lists validate needs at least one file');
  let failed = 0;
  for (const file of positionals) {
    try {
      const list = readListFile(context.path(file), file, context.listLimits());
      const sha256 = fingerprintList(list);
      const summary = { file, count: list.entries.length, dimensions: list.dimensions, sha256 };
      context.print(
        values.json
          ? JSON.stringify(summary)
          : `${file}: ${summary.count} data IDs, dimensions ${summary.dimensions.join(', ')}, sha256 ${sha256}`,
      );
    } catch (error) {
      if (!isUserError(error)) throw error;
      failed += 1;
      context.io.stderr.write(`${error.message}\n`);
    }
  }
  return failed > 0 ? 1 : 0;
}

function diffListFiles(context: CliContext): number {
  const { values, positionals } = parseArgs({
    args: [...context.args],
    options: { json: { type: 'boolean', default: false } },
    allowPositionals: true,
  });
  if (positionals.length !== 2) throw new CliUsageError('lists diff needs two files: lists diff <a> <b>');
  const [a, b] = positionals as [string, string];
  const before = readListFile(context.path(a), a, context.listLimits());
  const after = readListFile(context.path(b), b, context.listLimits());
  const diff = diffLists(before, after);
  if (values.json) {
    context.print(
      JSON.stringify({
        a: { file: a, count: before.entries.length, sha256: fingerprintList(before) },
        b: { file: b, count: after.entries.length, sha256: fingerprintList(after) },
        added: diff.added,
        removed: diff.removed,
        common: diff.common,
      }),
    );
    return 0;
  }
  const lines = [
    `${a}: ${before.entries.length} data IDs (${before.dimensions.join(', ')})`,
    `${b}: ${after.entries.length} data IDs (${after.dimensions.join(', ')})`,
    `added ${diff.added.length}, removed ${diff.removed.length}, in both ${diff.common}`,
  ];
  const show = (sign: string, entries: readonly DataIdEntry[]): void => {
    for (const entry of entries.slice(0, SHOWN_DIFF_ENTRIES)) lines.push(`${sign} ${formatDataId(entry.dataId)}`);
    if (entries.length > SHOWN_DIFF_ENTRIES) lines.push(`${sign} ... and ${entries.length - SHOWN_DIFF_ENTRIES} more (--json lists all)`);
  };
  show('+', diff.added);
  show('-', diff.removed);
  context.print(lines.join('\n'));
  return 0;
}

function addList(context: CliContext): number {
  const { values, positionals } = parseArgs({
    args: [...context.args],
    options: { name: { type: 'string' }, reason: { type: 'string' } },
    allowPositionals: true,
  });
  if (positionals.length !== 1) throw new CliUsageError('lists add needs one file: lists add <file> [--name N] [--reason T]');
  const file = positionals[0]!;
  const list = readListFile(context.path(file), file, context.listLimits());
  const stored = context.notebook().storeList(
    list,
    { ...(values.name !== undefined ? { name: values.name } : {}), ...(values.reason !== undefined ? { reason: values.reason } : {}) },
    context.actor,
  );
  context.print(`Stored ${file}: ${stored.count} data IDs (${stored.dimensions.join(', ')})`);
  context.print(`sha256:${stored.sha256}${stored.name === undefined ? '' : `  list:${stored.name}`}`);
  return 0;
}

const CONVERTERS = {
  json: listToJson,
  ecsv: listToEcsv,
  where: (list: Parameters<typeof listToButlerQuery>[0]) => `${listToButlerQuery(list)}\n`,
} as const;

/** `lists convert <file> --to json|ecsv|where`: the list in another encoding, on stdout. */
function convertList(context: CliContext): number {
  const { values, positionals } = parseArgs({
    args: [...context.args],
    options: { to: { type: 'string' } },
    allowPositionals: true,
  });
  const to = values.to;
  if (positionals.length !== 1 || to === undefined) throw new CliUsageError('lists convert needs a file and --to json|ecsv|where');
  if (!Object.hasOwn(CONVERTERS, to)) throw new CliUsageError(`--to must be json, ecsv or where, not "${to}"`);
  const file = positionals[0]!;
  const list = readListFile(context.path(file), file, context.listLimits());
  context.io.stdout.write(CONVERTERS[to as keyof typeof CONVERTERS](list));
  return 0;
}
