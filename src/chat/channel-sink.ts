import type { Notebook } from '../campaign/notebook.js';
import type { OutboxSink, SendFailure, Sent } from '../outbox/outbox-sink.js';
import type { LaneHead, OutboxItem } from '../store/outbox-store.js';
import { announcementOf, noticeOf, type AnnouncementDeps, type ChannelEvent, type NoticeFacts } from './announcements.js';
import { CHANNEL_REFUSED, lookBackFrom, type ChannelFailure, type RecordMark } from './channel-outbox.js';
import { simpleMessage, text, userText, type ChatMessage } from './chat-message.js';
import { PLATFORM_NAMES } from './chat-request.js';
import type { MessageLink } from './chat-message.js';
import { recordCardMessage } from './record-cards.js';

/** A message the bot posted in a channel: Slack channel and `ts`, Mattermost channel and post id. */
export interface ChannelPostRef {
  readonly channel: string;
  readonly messageId: string;
}

/** Where a post goes: a channel, or the thread of one of its messages. */
export interface ChannelTarget {
  readonly channel: string;
  readonly threadOf?: string;
}

/**
 * A chat platform's side of its outbox sink (each platform implements it; ChatPlatform gives it):
 * the calls, with no retries of their own (the outbox retries, durably), and how to read their errors.
 */
export interface ChannelTransport {
  readonly platform: 'slack' | 'mattermost';
  /** Least time between two posts of one campaign (Slack takes about one message a second per channel). */
  readonly laneGapMs: number;
  /** Posts `message` marked with `mark` (Slack metadata, Mattermost props); unmarked when it is for no record (a digest). */
  post(target: ChannelTarget, message: ChatMessage, mark?: RecordMark): Promise<ChannelPostRef>;
  /** Edits a card in place (idempotent), keeping its mark. */
  redraw(post: ChannelPostRef, message: ChatMessage, mark: RecordMark): Promise<void>;
  /** Our own post marked `mark` in `target`, made since `sinceMs` (epoch ms), if there is one. */
  findPost(target: ChannelTarget, mark: RecordMark, sinceMs: number): Promise<ChannelPostRef | undefined>;
  /** A direct message to one user of the platform (its own user id, not the notebook's actor id). */
  tellUser(userId: string, message: ChatMessage): Promise<void>;
  /** Resolves once the platform accepts the bot's credentials again (while parked). */
  probe(): Promise<void>;
  classify(error: unknown): ChannelFailure;
}

/**
 * How the rest of the app has something said in a campaign's channel: outbox rows, written inside
 * the caller's transaction (src/store/channel-outbox-store.ts; main wires them). Announcing an
 * event needs nothing: the events trigger queues it.
 */
export interface ChannelQueue {
  /** The record's card is to be drawn again (what it shows changed), after everything queued so far. */
  queueCardRedraw(recordId: string): void;
  /** A notice about an event (`notice:<name>`, drawn by noticeOf when sent). */
  queueNotice(eventSeq: number, name: string): void;
}

/** The chat outbox's reads and writes for one platform (src/store/channel-outbox-store.ts). */
export interface ChannelSinkStore {
  /** The record's card on this platform, once posted. */
  cardPost(recordId: string): ChannelPostRef | undefined;
  /** The sink's row announcing the event that creates the record (its card). */
  creationRow(recordId: string): { readonly eventSeq: number; readonly state: string; readonly lastError: string | undefined } | undefined;
  /** A failed row of the campaign whose error starts with `errorStart`, if any. */
  failedRow(campaignNumber: number, errorStart: string): { readonly recordId: string; readonly lastError: string } | undefined;
  /** An event with the ones just before and after it (a use case's events are consecutive). */
  eventsAround(seq: number): { readonly before?: ChannelEvent; readonly event: ChannelEvent; readonly after?: ChannelEvent };
  /**
   * The newest outbox row's id: a card drawn now shows whatever every row up to it was queued for
   * (events, a Jira link), so those redraws need no call of their own.
   */
  lastRowId(): number;
  noticeFacts(eventSeq: number): NoticeFacts;
  markWaiting(id: number, reason: string, nextAttemptAt: number): void;
  /** Remembers a record's card (in the transaction marking its row done) and coalesces redraws queued up to row `asOf`. */
  rememberCard(recordId: string, post: ChannelPostRef, asOf: number, itemId: number): void;
  /** Marks the record's pending redraws queued up to row `asOf` done: the card drawn by `itemId` shows them. */
  cardDrawn(recordId: string, asOf: number, itemId: number): void;
  /** Queues the record's card to be drawn again (in the caller's transaction). */
  queueCardRedraw(recordId: string): void;
}

export interface ChannelSinkDeps extends AnnouncementDeps {
  readonly transport: ChannelTransport;
  readonly store: ChannelSinkStore;
  readonly notebook: Notebook;
  /** The record's tracker issue once it exists (Jira key and browse link), for its card. */
  readonly issueLink: (recordId: string) => MessageLink | undefined;
  /** Resolves when no chat request waits for its answer (the acks-first gate). */
  readonly afterAnswers?: () => Promise<void>;
  readonly log: (line: string) => void;
}

/** What a send did, for the transaction that marks it done. */
interface ChannelOutcome extends Sent {
  /** A card was posted (or found, posted before): remember it. `shown`: the card as drawn. */
  readonly card?: { readonly record: string; readonly post: ChannelPostRef; readonly asOf: number; readonly shown: string };
  /** A card was redrawn as of this event. */
  readonly drawn?: { readonly record: string; readonly asOf: number; readonly shown: string };
}

/** A platform's refusal as the outbox worker acts on it. */
export function toSendFailure(failure: ChannelFailure): SendFailure {
  if (failure.action === 'retry') return failure;
  if (failure.action === 'park') return { action: 'park', message: failure.message, notice: failure.message };
  return { action: 'fail', message: failure.channel ? `${CHANNEL_REFUSED}${failure.message}` : failure.message, errors: {} };
}

/**
 * A chat platform as an outbox sink (the design: src/chat/channel-outbox.ts): announces each event
 * of a campaign in its channel (the record's card, or a reply in its thread), redraws cards
 * (`card:<record>`) and posts notices (`notice:<name>`), rendering each when it is sent. After an
 * ambiguous failure it looks for its own marked post before posting again. A campaign's items wait
 * behind one its channel refused, and a record's replies for its card.
 */
export function channelSink(deps: ChannelSinkDeps): OutboxSink<ChannelOutcome> {
  const { transport, store, notebook } = deps;
  const name = transport.platform;

  // The card as the record is now: the one function that draws cards (record-cards.ts).
  const card = (recordId: string) => recordCardMessage(deps, recordId, deps.issueLink(recordId));

  async function postOnce(item: OutboxItem, target: ChannelTarget, message: ChatMessage, mark: RecordMark): Promise<ChannelPostRef> {
    if (item.ambiguous) {
      const found = await transport.findPost(target, mark, lookBackFrom(item.at));
      if (found) {
        deps.log(`${name}: ${mark.record} (event ${mark.event}${mark.item ? `, ${mark.item}` : ''}) was posted by an earlier attempt: kept, not posted again`);
        return found;
      }
    }
    return transport.post(target, message, mark);
  }

  /** Where a record's follow-ups go: the thread of its card, else the campaign's channel. */
  function threadOf(recordId: string, channel: string): ChannelTarget {
    const card = store.cardPost(recordId);
    return card ? { channel: card.channel, threadOf: card.messageId } : { channel };
  }

  /** The campaign's channel, when it is on this platform (no workflows read: only the campaign). */
  function channelOf(recordId: string): string | undefined {
    const channel = notebook.show(recordId, { workflowLimit: 0 }).campaign.channel;
    return channel?.platform === name ? channel.id : undefined;
  }

  async function announce(item: OutboxItem): Promise<ChannelOutcome> {
    const around = store.eventsAround(item.eventSeq);
    const announcement = announcementOf(around.event, around, deps);
    if (!announcement) return { result: { silent: true } };
    const channel = channelOf(item.recordId);
    if (!channel) return { result: { skipped: `no ${name} channel` } };
    const mark = { record: item.recordId, event: item.eventSeq };
    if (announcement.kind === 'card') {
      const asOf = store.lastRowId();
      const message = card(item.recordId);
      const post = await postOnce(item, { channel }, message, mark);
      return { result: { ...post }, card: { record: item.recordId, post, asOf, shown: JSON.stringify(message) } };
    }
    return { result: { ...(await postOnce(item, threadOf(item.recordId, channel), announcement.message, mark)) } };
  }

  async function redraw(item: OutboxItem): Promise<ChannelOutcome> {
    const post = store.cardPost(item.recordId);
    if (!post) return { result: { skipped: 'no card to redraw' } };
    const asOf = store.lastRowId();
    const event = store.creationRow(item.recordId)?.eventSeq ?? item.eventSeq;
    const message = card(item.recordId);
    await transport.redraw(post, message, { record: item.recordId, event });
    return { result: { redrawn: post.messageId, asOf }, drawn: { record: item.recordId, asOf, shown: JSON.stringify(message) } };
  }

  async function notice(item: OutboxItem, noticeName: string): Promise<ChannelOutcome> {
    const notice = noticeOf(noticeName, item.recordId, store.noticeFacts(item.eventSeq));
    if (!notice) return { result: { silent: true } };
    const channel = channelOf(item.recordId);
    if (!channel) return { result: { skipped: `no ${name} channel` } };
    const target = notice.inThread ? threadOf(item.recordId, channel) : { channel };
    return { result: { ...(await postOnce(item, target, notice.message, { record: item.recordId, event: item.eventSeq, item: item.item })) } };
  }

  function waitWith(head: LaneHead, reason: string): false {
    if (head.lastError !== reason) store.markWaiting(head.id, reason, head.nextAttemptAt);
    return false;
  }

  return {
    name,
    workflowLanes: false,
    laneGapMs: transport.laneGapMs,

    readiness() {
      // Many heads may ask about one campaign in a pass: look each up once.
      const refusals = new Map<number, ReturnType<ChannelSinkStore['failedRow']>>();
      return (head) => {
        if (!refusals.has(head.campaignNumber)) refusals.set(head.campaignNumber, store.failedRow(head.campaignNumber, CHANNEL_REFUSED));
        const refusal = refusals.get(head.campaignNumber);
        if (refusal) {
          return waitWith(head, `waits behind ${refusal.recordId}, refused by its channel (${refusal.lastError.slice(CHANNEL_REFUSED.length)}): invite the bot, then /campaign sync`);
        }
        const createsCard = head.item === '' && (head.kind === 'campaign_defined' || head.kind === 'workflow_started');
        if (createsCard || store.cardPost(head.recordId)) return true;
        const creation = store.creationRow(head.recordId);
        if (creation === undefined || creation.state === 'done') return true;
        if (creation.state === 'failed') return waitWith(head, `waits for ${head.recordId}'s card, which failed (${creation.lastError ?? 'refused'}); fix that, then /campaign sync`);
        return false;
      };
    },

    async send(item) {
      // One send per quiet moment (the gate lets one waiter go each time no request waits).
      await deps.afterAnswers?.();
      if (item.item.startsWith('card:')) return redraw(item);
      if (item.item.startsWith('notice:')) return notice(item, item.item.slice('notice:'.length));
      return announce(item);
    },

    classify: (error) => toSendFailure(transport.classify(error)),
    probe: () => transport.probe(),

    whenDone(item, outcome) {
      if (outcome.card) store.rememberCard(outcome.card.record, outcome.card.post, outcome.card.asOf, item.id);
      if (outcome.drawn) store.cardDrawn(outcome.drawn.record, outcome.drawn.asOf, item.id);
      // What a card shows may have changed while it was being drawn, with no row left to say so (a
      // redraw asked for while this one is in flight is not queued again): compared here, in the
      // transaction that marks it done, so no change falls between the two.
      const drawn = outcome.card ?? outcome.drawn;
      if (drawn && JSON.stringify(card(drawn.record)) !== drawn.shown) store.queueCardRedraw(drawn.record);
    },

    parked(notice) {
      deps.log(`${name}: channel posts paused: ${notice}`);
    },

    async failed(item, failure) {
      if (!failure.message.startsWith(CHANNEL_REFUSED)) return;
      const campaign = notebook.show(item.recordId, { workflowLimit: 0 }).campaign;
      const [platform, userId] = campaign.definedBy.id.split(/:(.*)/s);
      const said = failure.message.slice(CHANNEL_REFUSED.length);
      if (platform !== name || !userId) {
        deps.log(`${name}: cannot post for ${campaign.id} in its channel (${said}); its definer is not on ${PLATFORM_NAMES[name]} to be told`);
        return;
      }
      await transport.tellUser(
        userId,
        simpleMessage(
          [text(`campaign-notebook cannot post in the channel of ${campaign.id} (`), userText(campaign.shortName), text(')')],
          [text(`${said}.`)],
          [text('Invite the bot to the channel (or unarchive it), then run /campaign sync: nothing is lost, the waiting posts go out then.')],
        ),
      );
    },
  };
}
