import type { CampaignStatus, WorkflowStatus } from '../campaign/records.js';
import { isUserError } from '../campaign/user-error.js';
import type { ChatDeps, PlatformAccess } from './chat-deps.js';
import type { ChatEffect } from './chat-effect.js';
import { campaignNewForm } from './chat-form.js';
import { recordDiffText } from '../campaign/record-diff-text.js';
import { bold, code, simpleMessage, text, type ChatMessage, type MessageBlock } from './chat-message.js';
import { openCloneForm, openRerunForm, openStartForm } from './open-rerun-forms.js';
import { operatorNames } from './operator-names.js';
import { resolveUsers } from './resolve-users.js';
import { actorOf, type ChatRequest } from './chat-request.js';
import { accessRefusal } from './check-access.js';
import { RESPONSE_URL_USES } from './fit-answer.js';
import { digestMessage } from './reminder-messages.js';
import { DEFAULT_QUIET_MS } from './start-reminders.js';
import { describeVerb, parseCommand, usageOf, VERBS, WRITE_VERBS, type ChatCommand } from './parse-command.js';
import { announced, changeStatusOrAskWhy, noteEffects, runEffects } from './record-change-effects.js';
import {
  campaignListMessage,
  campaignShowMessage,
  diffMessage,
  DIFF_MESSAGE_CHARS,
  operatorsMessage,
  whoMessage,
  SHOWN_WORKFLOWS,
  historyMessage,
  storedListsMessage,
  whyMessage,
  workflowShowMessage,
} from './record-messages.js';

const reply = (message: ChatMessage): ChatEffect => ({ kind: 'reply', message });

function helpMessage(topic?: (typeof VERBS)[number]): ChatMessage {
  if (topic) return simpleMessage([code(usageOf(topic))], [text(describeVerb(topic))]);
  const blocks: MessageBlock[] = VERBS.map((verb) => ({ kind: 'paragraph', parts: [code(usageOf(verb)), text(` — ${describeVerb(verb)}`)] }));
  return {
    title: [bold('campaign-notebook'), text(': the lab notebook of processing campaigns. It records; it does not execute.')],
    blocks: [...blocks, { kind: 'context', parts: [text('References: CMP-12 or the short name for a campaign, CMP-12/3 for a workflow.')] }],
  };
}

/**
 * Handles the text after `/campaign`: checks access, calls the Notebook, and returns what the
 * platform should do. A UserError (or a list's ListError) becomes an ephemeral reply; any other error is thrown.
 */
export async function handleCommand(
  input: string,
  request: ChatRequest,
  deps: ChatDeps,
  platform: PlatformAccess,
): Promise<ChatEffect[]> {
  const parsed = parseCommand(input);
  if (!parsed.ok) return [reply(simpleMessage([text(parsed.message)]))];
  const command = parsed.command;
  const refusal = await accessRefusal(request, WRITE_VERBS.has(command.verb), deps.access, platform.groupsOf);
  if (refusal) return [reply(refusal)];
  let effects: ChatEffect[];
  try {
    effects = await runCommand(command, request, deps, platform);
  } catch (error) {
    if (!isUserError(error)) throw error;
    effects = [reply(simpleMessage([text(error.message)]))];
  }
  // Nothing is told (a reply, a channel post) before what it tells of is on disk.
  await deps.flushed?.();
  return effects;
}

async function runCommand(command: ChatCommand, request: ChatRequest, deps: ChatDeps, platform: PlatformAccess): Promise<ChatEffect[]> {
  const { notebook } = deps;
  const actor = actorOf(request);

  if ('bpsReport' in command) {
    // `status` or `run` with pasted bps report output: the status from the report, in the workflow's thread
    const outcome = notebook.recordBpsReport(command.ref, command.bpsReport, actor, { adoptRun: command.verb === 'run' });
    const { workflow, from, to, summary } = outcome;
    return announced(notebook.findCampaign(workflow.campaignId), request, deps, `${workflow.id} is ${to === from ? 'still' : 'now'} ${to} (${summary}).`);
  }
  switch (command.verb) {
    case 'help':
      return [reply(helpMessage(command.topic))];
    case 'new':
      return [{ kind: 'openForm', form: campaignNewForm(command.shortName ? { shortName: command.shortName } : {}), state: { formId: 'campaign_new', channelId: request.channelId } }];
    case 'start':
      return [openStartForm(notebook, command.campaign, request.channelId, command.label)];
    case 'clone':
      return [openCloneForm(notebook, command.campaign, request.channelId, command.shortName)];
    case 'rerun':
      return [openRerunForm(notebook, command.workflow, request.channelId, { ...(command.label ? { label: command.label } : {}), ...(command.into ? { into: command.into } : {}) })];
    case 'operators': {
      if (command.users.length === 0) {
        const view = notebook.show(command.ref, { workflowLimit: 0 });
        return [reply(operatorsMessage(view, operatorNames(notebook, view.campaign, ...(view.type === 'workflow' ? [view.workflow] : []))))];
      }
      const to = command.users.includes('none') ? [] : await resolveUsers(command.users, request, platform);
      const after = notebook.setOperators(command.ref, to, actor);
      const recordId = after.type === 'campaign' ? after.campaign.id : after.workflow.id;
      return announced(after.campaign, request, deps, `Operators of ${recordId} recorded.`);
    }
    case 'who': {
      const user = command.user === undefined ? undefined : (await resolveUsers([command.user], request, platform))[0];
      return [reply(whoMessage(notebook.who(user)))];
    }
    case 'diff': {
      const diff = notebook.diff(command.a, command.b);
      const asText = recordDiffText(diff);
      const message = reply(diffMessage(diff, asText));
      if (asText.length <= DIFF_MESSAGE_CHARS) return [message];
      const name = `diff-${diff.a}-${diff.b}.txt`.replace(/\//g, '-');
      return [message, { kind: 'upload', channelId: request.channelId, files: [{ name, content: asText }], comment: `Differences between ${diff.a} and ${diff.b}, asked by ${actor.name}.` }];
    }
    case 'list': {
      const campaigns = notebook.listCampaigns({
        ...(command.status ? { status: command.status } : {}),
        ...(command.mine ? { definedBy: actor.id } : {}),
      });
      const filterText = `${command.status ? ` ${command.status}` : ''}${command.mine ? ' defined by you' : ''}`;
      return [reply(campaignListMessage(campaigns, filterText))];
    }
    case 'show': {
      const view = notebook.show(command.ref, { workflowLimit: SHOWN_WORKFLOWS });
      const recordId = view.type === 'campaign' ? view.campaign.id : view.workflow.id;
      const names = operatorNames(notebook, view.campaign, ...(view.type === 'workflow' ? [view.workflow] : []));
      const message =
        view.type === 'campaign'
          ? campaignShowMessage(view.campaign, view.workflows, view.workflowCount, deps.trackerLink?.(recordId), names)
          : workflowShowMessage(view.campaign, view.workflow, deps.statusLinks(view.campaign, view.workflow), deps.trackerLink?.(recordId), names);
      const channelState = deps.channelState?.(recordId);
      return [reply(channelState ? { ...message, blocks: [...message.blocks, { kind: 'context', parts: [text(channelState)] }] } : message)];
    }
    case 'status':
      return changeStatusOrAskWhy({ ref: command.ref, to: command.status as CampaignStatus | WorkflowStatus, reason: command.reason }, request, deps);
    case 'run': {
      const workflow = notebook.recordRun(command.workflow, command.runId, command.runName, actor);
      return runEffects(notebook.findCampaign(workflow.campaignId), workflow, request, deps);
    }
    case 'note': {
      const event = notebook.addNote(command.ref, command.text, actor);
      return noteEffects(notebook.findCampaign(event.campaignId), event, request, deps);
    }
    case 'history': {
      const campaign = notebook.findCampaign(command.campaign);
      // A page arrives whole even when the ack went out empty: in the response_url's posts alone.
      const fits = platform.messagesOf && ((message: ChatMessage) => platform.messagesOf!(message) <= RESPONSE_URL_USES);
      return [reply(historyMessage(campaign, notebook.history(campaign.id), command.page, fits))];
    }
    case 'why':
      return [reply(whyMessage(command.dataId, notebook.why(command.dataId)))];
    case 'export': {
      const record = notebook.show(command.ref, { workflowLimit: 0 });
      const files = await (deps.exportRecord?.(command.ref) ?? notebook.exportRecord(command.ref));
      if (record.type === 'campaign') {
        return [{ kind: 'upload', channelId: request.channelId, files, comment: `Export of ${command.ref} (${files.length} files), requested by ${actor.name}.` }];
      }
      // A workflow comes with what it takes to submit it again with bps.
      const bps = notebook.exportBps(record.workflow.id);
      const all = [...files, ...bps.files];
      const unexpressed = bps.unexpressed.length === 0 ? '' : ` The BPS file could not express: ${bps.unexpressed.join(' ')}`;
      return [
        {
          kind: 'upload',
          channelId: request.channelId,
          files: all,
          comment: `Export of ${record.workflow.id} (${all.length} files, with ${bps.files[0]!.name} to submit it again: bps submit ${bps.files[0]!.name}), requested by ${actor.name}.${unexpressed}`,
        },
      ];
    }
    case 'sync':
      if (!deps.sync) return [reply(simpleMessage([text('Nothing is mirrored or posted through the outbox here: there is nothing to sync.')]))];
      return [reply(simpleMessage([text(await deps.sync(actor))]))];
    case 'lists':
      return [reply(storedListsMessage(notebook.storedLists()))];
    case 'digest':
      return [reply(digestMessage(notebook.digest({ platform: request.platform, id: request.channelId }, deps.quietMs ?? DEFAULT_QUIET_MS)))];
  }
}
