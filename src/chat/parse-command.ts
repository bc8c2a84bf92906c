import type { DataId } from '../lists/data-id.js';
import { CAMPAIGN_STATUSES, WORKFLOW_STATUSES, type CampaignStatus } from '../campaign/records.js';
import { looksLikeBpsReport } from '../campaign/parse-bps-report.js';
import { UserError } from '../campaign/user-error.js';
import { parseRunText } from './parse-run-text.js';

/** Every verb of `/campaign` (`/campaign help` lists them). */
export const VERBS = [
  'help',
  'new',
  'start',
  'clone',
  'rerun',
  'list',
  'show',
  'status',
  'run',
  'note',
  'operators',
  'who',
  'history',
  'why',
  'diff',
  'export',
  'sync',
  'lists',
  'digest',
] as const;
export type Verb = (typeof VERBS)[number];

/** Verbs that write to the notebook (or re-queue work): only `access.writers` may use them. */
export const WRITE_VERBS: ReadonlySet<Verb> = new Set<Verb>(['new', 'start', 'clone', 'rerun', 'status', 'run', 'note', 'operators', 'sync']);

export type ChatCommand =
  | { readonly verb: 'help'; readonly topic?: Verb }
  | { readonly verb: 'new'; readonly shortName?: string }
  | { readonly verb: 'start'; readonly campaign: string; readonly label?: string }
  | { readonly verb: 'clone'; readonly campaign: string; readonly shortName?: string }
  | { readonly verb: 'rerun'; readonly workflow: string; readonly label?: string; readonly into?: string }
  /** `users` empty: show them; `['none']` clears them; else user tokens (`@name`, or ids such as `slack:U0123`). */
  | { readonly verb: 'operators'; readonly ref: string; readonly users: readonly string[] }
  | { readonly verb: 'who'; readonly user?: string }
  | { readonly verb: 'diff'; readonly a: string; readonly b: string }
  | { readonly verb: 'list'; readonly status?: CampaignStatus; readonly mine: boolean }
  | { readonly verb: 'show'; readonly ref: string }
  | { readonly verb: 'status'; readonly ref: string; readonly status: string; readonly reason?: string }
  /** `status <workflow>` or `run <workflow>` followed by pasted `bps report` output. */
  | { readonly verb: 'status' | 'run'; readonly ref: string; readonly bpsReport: string }
  | { readonly verb: 'run'; readonly workflow: string; readonly runId: string; readonly runName?: string }
  | { readonly verb: 'note'; readonly ref: string; readonly text: string }
  | { readonly verb: 'history'; readonly campaign: string; readonly page: number }
  | { readonly verb: 'why'; readonly dataId: DataId }
  | { readonly verb: 'export'; readonly ref: string }
  | { readonly verb: 'sync' }
  | { readonly verb: 'lists' }
  | { readonly verb: 'digest' };

export type ParsedCommand =
  | { readonly ok: true; readonly command: ChatCommand }
  /** `verb` is set when the verb was known but its arguments were not. */
  | { readonly ok: false; readonly verb?: Verb; readonly message: string };

const USAGE: Readonly<Record<Verb, { readonly usage: string; readonly does: string }>> = {
  help: { usage: 'help [verb]', does: 'this help' },
  new: { usage: 'new [short name]', does: 'define a campaign (opens a form)' },
  start: { usage: 'start <campaign> [label]', does: 'record a workflow start, with its lists (opens a form)' },
  clone: { usage: 'clone <campaign> [short name]', does: 'define a campaign from another, every field prefilled; say what changes and why (opens a form)' },
  rerun: { usage: 'rerun <workflow> [label] [--in <campaign>]', does: 'record a workflow start from another, lists by fingerprint; say what changes and why (opens a form)' },
  list: { usage: 'list [status] [mine]', does: 'campaigns, newest first' },
  show: { usage: 'show <campaign or workflow>', does: 'the record: status, definer, lists, links' },
  status: { usage: 'status <campaign or workflow> <status> [reason]', does: 'record a status change (or paste the output of bps report after the workflow)' },
  run: { usage: 'run <workflow> <run id> [run name]', does: 'record the WMS run id (or paste the output of bps submit, or bps report, after the workflow)' },
  note: { usage: 'note <campaign or workflow> <text>', does: 'add a notebook entry' },
  operators: { usage: 'operators <campaign or workflow> [@user ... | none]', does: 'who operates it; with users, hand it over to them' },
  who: { usage: 'who [@user]', does: 'what each operator holds: open campaigns and workflows, decisions waiting' },
  history: { usage: 'history <campaign> [page]', does: 'the timeline of events' },
  why: { usage: 'why <dimension>=<value> ...', does: 'which workflows included or excluded this data ID, and why' },
  diff: { usage: 'diff <a> <b>', does: 'two campaigns or two workflows side by side: software, fields, lists (data IDs added and removed)' },
  export: { usage: 'export <campaign or workflow>', does: 'the full record as a YAML file, lists as JSON and a query fragment; a workflow also as a BPS submit YAML' },
  sync: { usage: 'sync', does: 're-queue Jira mirroring that failed, once the cause is fixed' },
  lists: { usage: 'lists', does: 'stored lists: name, count, dimensions, fingerprint, who stored it and when' },
  digest: { usage: 'digest', does: "this channel's digest now, to you alone: campaigns by status, decisions waiting, quiet workflows, the last 24 hours" },
};

/** `/campaign <usage>` of one verb. */
export function usageOf(verb: Verb, command = '/campaign'): string {
  return `${command} ${USAGE[verb].usage}`;
}

/** What a verb does, one line. */
export function describeVerb(verb: Verb): string {
  return USAGE[verb].does;
}

function isVerb(word: string): word is Verb {
  return (VERBS as readonly string[]).includes(word);
}

const STATUSES: readonly string[] = [...new Set<string>([...CAMPAIGN_STATUSES, ...WORKFLOW_STATUSES])];

/** Splits off the first whitespace-separated word; the rest keeps its own spacing and newlines. */
function splitWord(text: string): [string, string] {
  const trimmed = text.replace(/^\s+/, '');
  const match = /^(\S+)([\s\S]*)$/.exec(trimmed);
  return match ? [match[1]!, match[2]!.replace(/^\s+/, '')] : ['', ''];
}

function bad(verb: Verb, problem: string): ParsedCommand {
  return { ok: false, verb, message: `${problem}\nUsage: ${usageOf(verb)}` };
}

/** Parses the text after `/campaign`; bad arguments name the problem and give the verb's usage. */
export function parseCommand(input: string): ParsedCommand {
  const [word, rest] = splitWord(input);
  const verbWord = word.toLowerCase();
  if (verbWord === '' ) return { ok: true, command: { verb: 'help' } };
  if (!isVerb(verbWord)) return { ok: false, message: `Unknown verb "${word}". Verbs: ${VERBS.join(', ')}. Try /campaign help.` };
  const verb = verbWord;
  const words = rest.split(/\s+/).filter(Boolean);
  switch (verb) {
    case 'help': {
      const topic = words[0]?.toLowerCase();
      if (topic !== undefined && !isVerb(topic)) return bad('help', `There is no verb "${words[0]}".`);
      return { ok: true, command: topic ? { verb, topic } : { verb } };
    }
    case 'new':
      if (words.length > 1) return bad(verb, 'A short name is one word, e.g. w07-rc2.');
      return { ok: true, command: words[0] ? { verb, shortName: words[0] } : { verb } };
    case 'start':
      if (words.length === 0) return bad(verb, 'Name the campaign (CMP-12 or its short name).');
      if (words.length > 2) return bad(verb, 'A label is one word, e.g. step1.');
      return { ok: true, command: { verb, campaign: words[0]!, ...(words[1] ? { label: words[1] } : {}) } };
    case 'clone':
      if (words.length === 0) return bad(verb, 'Name the campaign to clone (CMP-12 or its short name).');
      if (words.length > 2) return bad(verb, 'A short name is one word, e.g. w09-rc2.');
      return { ok: true, command: { verb, campaign: words[0]!, ...(words[1] ? { shortName: words[1] } : {}) } };
    case 'rerun': {
      const at = words.indexOf('--in');
      const into = at < 0 ? undefined : words[at + 1];
      if (at >= 0 && (into === undefined || words.length > at + 2)) return bad(verb, 'After --in, name one campaign (CMP-12 or its short name).');
      const rest = at < 0 ? words : words.slice(0, at);
      if (rest.length === 0) return bad(verb, 'Name the workflow to rerun (CMP-12/3).');
      if (rest.length > 2) return bad(verb, 'A label is one word, e.g. step1.');
      return { ok: true, command: { verb, workflow: rest[0]!, ...(rest[1] ? { label: rest[1] } : {}), ...(into ? { into } : {}) } };
    }
    case 'operators':
      if (words.length === 0) return bad(verb, 'Name the campaign (CMP-12) or workflow (CMP-12/3).');
      return { ok: true, command: { verb, ref: words[0]!, users: words.slice(1).map((word) => (word.toLowerCase() === 'none' ? 'none' : word)) } };
    case 'who':
      if (words.length > 1) return bad(verb, 'Name one user, or nobody for everyone.');
      return { ok: true, command: words[0] ? { verb, user: words[0] } : { verb } };
    case 'diff':
      if (words.length !== 2) return bad(verb, 'Name two campaigns (CMP-3 CMP-5) or two workflows (CMP-3/2 CMP-5/1).');
      return { ok: true, command: { verb, a: words[0]!, b: words[1]! } };
    case 'list': {
      let status: CampaignStatus | undefined;
      let mine = false;
      for (const item of words) {
        const lower = item.toLowerCase();
        if (lower === 'mine') mine = true;
        else if ((CAMPAIGN_STATUSES as readonly string[]).includes(lower) && status === undefined) status = lower as CampaignStatus;
        else return bad(verb, `"${item}" is neither a campaign status (${CAMPAIGN_STATUSES.join(', ')}) nor "mine".`);
      }
      return { ok: true, command: { verb, mine, ...(status ? { status } : {}) } };
    }
    case 'show':
    case 'export':
      if (words.length !== 1) return bad(verb, 'Name one campaign (CMP-12 or its short name) or workflow (CMP-12/3).');
      return { ok: true, command: { verb, ref: words[0]! } };
    case 'status': {
      const [ref, afterRef] = splitWord(rest);
      if (ref && looksLikeBpsReport(afterRef)) return { ok: true, command: { verb, ref, bpsReport: afterRef } };
      const [status, reason] = splitWord(afterRef);
      if (!ref || !status) return bad(verb, 'Name the record and the new status.');
      const lower = status.toLowerCase();
      if (!STATUSES.includes(lower))
        return bad(verb, `Unknown status "${status}". Campaigns: ${CAMPAIGN_STATUSES.join(', ')}. Workflows: ${WORKFLOW_STATUSES.join(', ')}.`);
      return { ok: true, command: { verb, ref, status: lower, ...(reason.trim() ? { reason: reason.trim() } : {}) } };
    }
    case 'run': {
      const [workflow, afterRef] = splitWord(rest);
      if (!workflow) return bad(verb, 'Name the workflow (CMP-12/3) and its run id.');
      if (looksLikeBpsReport(afterRef)) return { ok: true, command: { verb, ref: workflow, bpsReport: afterRef } };
      let run: ReturnType<typeof parseRunText>;
      try {
        run = parseRunText(afterRef);
      } catch (error) {
        if (error instanceof UserError) return bad(verb, error.message);
        throw error;
      }
      if (!run) return bad(verb, 'Give the run id and optionally the run name, or paste the output of bps submit or bps report.');
      return { ok: true, command: { verb, workflow, runId: run.runId, ...(run.runName ? { runName: run.runName } : {}) } };
    }
    case 'note': {
      const [ref, noteText] = splitWord(rest);
      if (!ref || !noteText.trim()) return bad(verb, 'Name the record and write the note.');
      return { ok: true, command: { verb, ref, text: noteText.trim() } };
    }
    case 'history': {
      if (words.length === 0 || words.length > 2) return bad(verb, 'Name one campaign (CMP-12 or its short name).');
      const page = words[1] === undefined ? 1 : Number(words[1]);
      if (!Number.isInteger(page) || page < 1) return bad(verb, `"${words[1]}" is not a page number.`);
      return { ok: true, command: { verb, campaign: words[0]!, page } };
    }
    case 'why': {
      if (words.length === 0) return bad(verb, 'Give the data ID, e.g. visit=2025111500226 detector=42.');
      const dataId: Record<string, string> = {};
      for (const item of words) {
        const match = /^([A-Za-z_][A-Za-z0-9_]*)=(.+)$/.exec(item);
        if (!match) return bad(verb, `"${item}" is not <dimension>=<value>.`);
        const [, name, raw] = match as unknown as [string, string, string];
        const value = raw.replace(/^(['"])(.*)\1$/, '$2');
        if (name in dataId) return bad(verb, `Dimension ${name} is given twice.`);
        // Typed by the notebook, against the universe the config extends.
        dataId[name] = value;
      }
      return { ok: true, command: { verb, dataId } };
    }
    case 'sync':
    case 'lists':
    case 'digest':
      if (words.length > 0) return bad(verb, `${verb} takes no arguments.`);
      return { ok: true, command: { verb } };
  }
}
