import type { AllMiddlewareArgs, MessageShortcut, SlackShortcutMiddlewareArgs } from '@slack/bolt';
import { noteFromMessageForm } from '../chat/chat-form.js';
import { simpleMessage, text, code } from '../chat/chat-message.js';
import { recordOptions } from '../chat/record-options.js';
import { renderInfoModal, renderModal } from './render-modal.js';
import { replyPrivately } from './run-slack-effects.js';
import type { SlackListenerDeps } from './slack-command-listener.js';

/** The message shortcut's callback id (manifest.json `features.shortcuts`). */
export const ADD_TO_NOTEBOOK = 'add_to_notebook';

/**
 * "Add to campaign notebook" on a message: opens `note_from_message` with the channel's open
 * records first and the message's text, carrying the message's permalink (chat.getPermalink) and
 * author to the submission, which records the note (slackSubmissionListener).
 */
export function slackShortcutListener(deps: SlackListenerDeps) {
  return (args: SlackShortcutMiddlewareArgs<MessageShortcut> & AllMiddlewareArgs): Promise<void> => deps.inFlight.run(() => openNoteForm(args, deps));
}

async function openNoteForm({ shortcut, ack, client }: SlackShortcutMiddlewareArgs<MessageShortcut> & AllMiddlewareArgs, deps: SlackListenerDeps): Promise<void> {
  await ack();
  const channelId = shortcut.channel.id;
  try {
    // The trigger id lives 3 s: one quick call for the link, then the form.
    const permalink = await client.chat
      .getPermalink({ channel: channelId, message_ts: shortcut.message.ts })
      .then((answer) => answer.permalink, (error: unknown) => deps.warn(`no permalink for ${channelId}/${shortcut.message.ts}: ${(error as Error).message}`));
    const records = recordOptions(deps.chat.notebook, { platform: 'slack', id: channelId });
    if (records.length === 0) {
      const none = simpleMessage([text('No open campaign')], [text('There is no open campaign to file this message into. Define one with '), code('/campaign new <short name>'), text('.')]);
      await client.views.open({ trigger_id: shortcut.trigger_id, view: renderInfoModal('Add to notebook', none) });
      return;
    }
    const author = shortcut.message.user ? `slack:${shortcut.message.user}` : String(shortcut.message.username ?? shortcut.message.bot_id ?? 'someone');
    const form = noteFromMessageForm({ text: shortcut.message.text ?? '', records });
    await client.views.open({
      trigger_id: shortcut.trigger_id,
      view: renderModal(form, { formId: 'note_from_message', channelId, filedMessage: { author, ...(permalink ? { permalink } : {}) } }),
    });
  } catch (error) {
    await deps.report('Opening "Add to campaign notebook"', error, (message) =>
      replyPrivately({ client, userId: shortcut.user.id, channelId }, message),
    );
  }
}
