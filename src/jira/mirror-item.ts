import { campaignId, workflowId } from '../campaign/record-reference.js';
import type { DataIdList } from '../lists/data-id-list.js';
import { linkValues } from '../links/link-values.js';
import { statusLinks } from '../links/status-links.js';
import type { OutboxItem, OutboxStore } from '../store/outbox-store.js';
import type { JiraApi, JiraIssueRef } from './jira-api.js';
import type { JiraMirrorConfig } from './jira-mirror-config.js';
import {
  campaignDescription,
  campaignSummary,
  fitJiraText,
  listAttachmentJson,
  listFileName,
  noteComment,
  runComment,
  statusComment,
  workflowDescription,
  workflowSummary,
} from './jira-texts.js';

export interface MirrorContext {
  readonly api: JiraApi;
  readonly store: OutboxStore;
  readonly config: JiraMirrorConfig;
  /** This notebook's id in labels and remote-link globalIds (outbox_sink.instance). */
  readonly instance: string;
  /** After an ambiguous create, how long a label search that finds nothing is not trusted (search lags). */
  readonly settleMs: number;
  readonly now: () => number;
  /** A stored list in canonical form (the notebook store's listEntries). */
  readonly readList: (sha256: string) => DataIdList | undefined;
}

export interface MirrorOutcome {
  readonly result: Record<string, unknown>;
  /** The record's issue became known (created, found, or given): its channel message shows the link. */
  readonly linked?: { readonly recordId: string; readonly key: string; readonly url: string };
}

/** Not now: try again after `delayMs` without counting a failure (e.g. Jira's search has not caught up). */
export class MirrorDeferred extends Error {
  constructor(
    message: string,
    readonly delayMs: number,
  ) {
    super(message);
  }
}

/** Jira cannot take this item as configured (e.g. no such transition): it fails until re-queued. */
export class MirrorRefused extends Error {}

/** The label unique to a record's issue: `cn-<instance>-cmp-12`, `cn-<instance>-cmp-12-3`. */
export function recordLabel(instance: string, recordId: string): string {
  return `cn-${instance}-${recordId.toLowerCase().replace('/', '-')}`;
}

export function browseUrl(host: string, key: string): string {
  return `${host}/browse/${key}`;
}

/** The record whose issue an event goes to: the workflow's sub-task, else the campaign's issue. */
export function laneRecord(item: Pick<OutboxItem, 'campaignNumber' | 'workflowNumber'>, mode: JiraMirrorConfig['workflowMode']): string {
  return item.workflowNumber !== undefined && mode === 'subtask'
    ? workflowId(item.campaignNumber, item.workflowNumber)
    : campaignId(item.campaignNumber);
}

/** Whether this item creates (or links) the issue of its lane record. */
export function createsIssue(item: Pick<OutboxItem, 'kind' | 'workflowNumber'>, mode: JiraMirrorConfig['workflowMode']): boolean {
  return item.kind === 'campaign_defined' || (item.kind === 'workflow_started' && mode === 'subtask');
}

/** The issue a record's events go to, once its creating item is done. */
export function recordIssue(store: OutboxStore, recordId: string): JiraIssueRef | undefined {
  const creation = store.creationItem(recordId);
  if (creation?.state !== 'done') return undefined;
  const { id, key } = creation.result;
  return typeof id === 'string' && typeof key === 'string' ? { id, key } : undefined;
}

/**
 * Sends one outbox item to Jira, step by step; each finished step is saved in the row's result so
 * a retry resumes after it. When an earlier attempt may have taken effect (`item.ambiguous`), each
 * step looks first: a label search before creating, comment bodies before commenting, attachment
 * names before attaching; remote links are upserts by globalId. Jira errors propagate.
 */
export async function mirrorItem(item: OutboxItem, ctx: MirrorContext): Promise<MirrorOutcome> {
  const { api, store, config } = ctx;
  const progress: Record<string, unknown> = { ...item.result };
  const done = new Set<string>(Array.isArray(progress.steps) ? (progress.steps as string[]) : []);
  const step = async (name: string, run: () => Promise<Record<string, unknown> | void>) => {
    if (done.has(name)) return;
    Object.assign(progress, (await run()) ?? {});
    done.add(name);
    progress.steps = [...done];
    store.saveProgress(item.id, progress);
  };
  const attach = (issue: JiraIssueRef, name: string, content: string, mimeType: string) =>
    step(`file:${name}`, async () => {
      if (item.ambiguous && (await api.issue(issue.id)).attachments.includes(name)) return;
      await api.addAttachment(issue.id, name, content, mimeType);
    });
  const comment = (issue: JiraIssueRef, name: string, body: string) =>
    step(name, async () => {
      const fitted = fitJiraText(body, `${item.recordId.replace('/', '-')}-event-${item.eventSeq}.txt`);
      if (fitted.attachment) await attach(issue, fitted.attachment.name, fitted.attachment.content, 'text/plain');
      if (item.ambiguous) {
        const existing = (await api.commentBodies(issue.id)).find((posted) => posted.body === fitted.text);
        if (existing) return { [`${name}Id`]: existing.id };
      }
      return { [`${name}Id`]: (await api.addComment(issue.id, fitted.text)).id };
    });
  const links = async (issue: JiraIssueRef, workflowNumber: number) => {
    const recordId = workflowId(item.campaignNumber, workflowNumber);
    const campaign = store.campaign(item.campaignNumber);
    const workflow = store.workflow(item.campaignNumber, workflowNumber);
    if (!campaign || !workflow) return;
    const run = store.runAsOf(item.campaignNumber, workflowNumber, item.eventSeq);
    const values = linkValues({ ...campaign, id: campaignId(campaign.number) }, { ...workflow, ...run, id: recordId });
    const targets = statusLinks(config.statusTools, workflow.wms, values);
    for (const target of targets) {
      // A command-only tool (e.g. `bps report`) has no page to link to.
      if (!('url' in target)) continue;
      await api.upsertRemoteLink(issue.id, {
        globalId: `campaign-notebook:${ctx.instance}:${recordId}:${target.label}`,
        url: target.url,
        title: `${recordId} ${target.label}`,
      });
    }
  };
  const issueOf = (recordId: string): JiraIssueRef => {
    const issue = recordIssue(store, recordId);
    if (!issue) throw new MirrorDeferred(`waiting for ${recordId}'s Jira issue`, 1000);
    return issue;
  };
  const lane = laneRecord(item, config.workflowMode);
  const campaign = store.campaign(item.campaignNumber);
  if (!campaign) throw new Error(`${item.recordId}: campaign ${campaignId(item.campaignNumber)} is not in the database`);

  if (item.kind === 'campaign_defined') {
    const description = campaignDescription(campaign);
    const fitted = fitJiraText(description, `${campaignId(campaign.number)}-description.txt`);
    await step('issue', async () => {
      if (campaign.jiraIssue) {
        const existing = await api.issue(campaign.jiraIssue);
        return { id: existing.id, key: existing.key, existing: true };
      }
      return createOnce(ctx, item, {
        project: { key: config.project },
        issuetype: { name: config.campaignIssueType },
        summary: campaignSummary(campaign),
        description: fitted.text,
        labels: [...config.labels, recordLabel(ctx.instance, item.recordId)],
      });
    });
    const issue = { id: String(progress.id), key: String(progress.key) };
    if (progress.existing === true) await comment(issue, 'linkComment', description);
    else if (fitted.attachment) await attach(issue, fitted.attachment.name, fitted.attachment.content, 'text/plain');
    const url = browseUrl(api.host, issue.key);
    return { result: { ...progress, url }, linked: { recordId: item.recordId, key: issue.key, url } };
  }

  if (item.workflowNumber === undefined) {
    if (item.kind === 'status_changed') return statusChange(issueOf(lane));
    if (item.kind === 'note_added') {
      await comment(issueOf(lane), 'comment', noteComment(item.recordId, item.actor, item.at, String(item.payload.text ?? '')));
      return { result: progress };
    }
    return { result: { ...progress, skipped: `nothing to mirror for ${item.kind}` } };
  }

  const workflowNumber = item.workflowNumber;
  const workflow = store.workflow(item.campaignNumber, workflowNumber);
  if (!workflow) throw new Error(`${item.recordId} is not in the database`);

  if (item.kind === 'workflow_started') {
    const lists = store.attachments(item.campaignNumber, workflowNumber);
    const run = store.runAsOf(item.campaignNumber, workflowNumber, item.eventSeq);
    const description = workflowDescription(campaign, workflow, lists, run);
    let issue: JiraIssueRef;
    let url: string;
    if (config.workflowMode === 'subtask') {
      const parent = issueOf(campaignId(item.campaignNumber));
      const fitted = fitJiraText(description, `${item.recordId.replace('/', '-')}-description.txt`);
      await step('issue', () =>
        createOnce(ctx, item, {
          project: { key: config.project },
          issuetype: { name: config.workflowIssueType },
          parent: { key: parent.key },
          summary: workflowSummary(campaign, workflow),
          description: fitted.text,
          labels: [...config.labels, recordLabel(ctx.instance, item.recordId)],
        }),
      );
      issue = { id: String(progress.id), key: String(progress.key) };
      if (fitted.attachment) await attach(issue, fitted.attachment.name, fitted.attachment.content, 'text/plain');
      url = browseUrl(api.host, issue.key);
    } else {
      issue = issueOf(lane);
      await comment(issue, 'comment', description);
      Object.assign(progress, { id: issue.id, key: issue.key });
      url = `${browseUrl(api.host, issue.key)}?focusedCommentId=${String(progress.commentId)}`;
    }
    await step('links', () => links(issue, workflowNumber));
    return { result: { ...progress, url }, linked: { recordId: item.recordId, key: issue.key, url } };
  }

  const issue = issueOf(lane);
  if (item.kind === 'list_attached') {
    const attachment = attachedList(store, item);
    if (!attachment) return { result: { ...progress, skipped: 'no matching list attachment' } };
    const list = ctx.readList(attachment.sha256);
    if (!list) throw new Error(`${item.recordId}: list sha256:${attachment.sha256} is not in the database`);
    await attach(issue, listFileName(item.recordId, attachment), listAttachmentJson(list, attachment), 'application/json');
    return { result: progress };
  }
  if (item.kind === 'run_recorded') {
    const run = {
      ...(typeof item.payload.runId === 'string' ? { runId: item.payload.runId } : {}),
      ...(typeof item.payload.runName === 'string' ? { runName: item.payload.runName } : {}),
    };
    await comment(issue, 'comment', runComment(item.recordId, item.actor, item.at, run));
    await step('links', () => links(issue, workflowNumber));
    return { result: progress };
  }
  if (item.kind === 'status_changed') return statusChange(issue);
  if (item.kind === 'note_added') {
    await comment(issue, 'comment', noteComment(item.recordId, item.actor, item.at, String(item.payload.text ?? '')));
    return { result: progress };
  }
  return { result: { ...progress, skipped: `nothing to mirror for ${item.kind}` } };

  async function statusChange(target: JiraIssueRef): Promise<MirrorOutcome> {
    await comment(target, 'comment', statusComment(item.recordId, item.actor, item.at, item.payload));
    const to = String(item.payload.to ?? '');
    const wanted = config.transitions[to];
    // In comment mode a workflow has no issue of its own: its status must not move the campaign's.
    if (wanted && lane === item.recordId) {
      await step('transition', async () => {
        const same = (a: string | undefined) => a?.toLowerCase() === wanted.toLowerCase();
        const offered = await api.transitions(target.id);
        const transition = offered.find((candidate) => same(candidate.name) || same(candidate.to));
        if (!transition) {
          const current = await api.issue(target.id);
          if (same(current.status)) return { transition: 'already there' };
          throw new MirrorRefused(
            `Jira offers no transition "${wanted}" from ${current.key}'s status "${current.status ?? '?'}" ` +
              `(it offers: ${offered.map((candidate) => candidate.name).join(', ') || 'none'}); check jira.transitions in the config`,
          );
        }
        await api.transition(target.id, transition.id);
        return { transition: transition.name };
      });
    }
    return { result: progress };
  }
}

/**
 * Creates an issue at most once per record: after an ambiguous attempt it searches for the
 * record's label first, and while the search may still lag behind (settleMs) it defers rather
 * than create a second issue.
 */
async function createOnce(ctx: MirrorContext, item: OutboxItem, fields: Record<string, unknown>): Promise<Record<string, unknown>> {
  if (item.ambiguous) {
    const label = recordLabel(ctx.instance, item.recordId);
    const found = await ctx.api.searchByLabel(label);
    if (found[0]) return { id: found[0].id, key: found[0].key, foundByLabel: label, ...(found.length > 1 ? { duplicates: found.length } : {}) };
    const waited = ctx.now() - (item.ambiguousSince ?? 0);
    if (waited < ctx.settleMs) {
      throw new MirrorDeferred(
        `an earlier create may have reached Jira; waiting for its search to show label ${label} before creating again`,
        Math.max(250, Math.min(ctx.settleMs - waited, ctx.settleMs / 4)),
      );
    }
  }
  const created = await ctx.api.createIssue(fields);
  return { id: created.id, key: created.key };
}

/** The list an event attached: by the fingerprint in its payload, else by its position among the workflow's. */
function attachedList(store: OutboxStore, item: OutboxItem) {
  const lists = store.attachments(item.campaignNumber, item.workflowNumber!);
  const sha256 = typeof item.payload.sha256 === 'string' ? item.payload.sha256 : undefined;
  const kind = typeof item.payload.kind === 'string' ? item.payload.kind : undefined;
  if (sha256) return lists.find((list) => list.sha256 === sha256 && (kind === undefined || list.kind === kind));
  const position = store
    .recordItems(item.recordId)
    .filter((other) => other.kind === 'list_attached')
    .findIndex((other) => other.eventSeq === item.eventSeq);
  return position >= 0 ? lists[position] : undefined;
}
