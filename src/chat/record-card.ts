import type { Notebook, RecordView } from '../campaign/notebook.js';
import type { Campaign, Workflow } from '../campaign/records.js';
import type { ChatMessage, MessageLink } from './chat-message.js';
import { operatorNames } from './operator-names.js';
import { campaignDefinedMessage, workflowStartedMessage } from './record-messages.js';

/** What a card shows besides the record: its workflow's status-tool links and its tracker issue. */
export interface CardContext {
  readonly statusLinks: (campaign: Campaign, workflow: Workflow) => readonly MessageLink[];
  /** The record's tracker issue once it exists (Jira key and browse link). */
  readonly issueLink: (recordId: string) => MessageLink | undefined;
  /** The names operators last acted under (a Mattermost mention needs the username). */
  readonly notebook: Pick<Notebook, 'actorNames'>;
}

/**
 * A record's card: the channel message that stands for a campaign or a workflow, drawn from the
 * record as it is now. The one place a card's content is decided: the chat sinks call it when they
 * post a card and each time they redraw it (a `card:<record>` outbox item).
 */
export function recordCard(view: RecordView, context: CardContext): ChatMessage {
  if (view.type === 'campaign') return campaignDefinedMessage(view.campaign, context.issueLink(view.campaign.id), operatorNames(context.notebook, view.campaign));
  const { campaign, workflow } = view;
  return workflowStartedMessage(campaign, workflow, context.statusLinks(campaign, workflow), context.issueLink(workflow.id), operatorNames(context.notebook, campaign, workflow));
}
