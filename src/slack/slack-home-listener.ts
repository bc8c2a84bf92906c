import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { homeMessage } from '../chat/reminder-messages.js';
import { renderMessage } from './render-message.js';
import type { SlackListenerDeps } from './slack-command-listener.js';

/**
 * `app_home_opened` on the Home tab: publishes the person's home (views.publish), refreshed at each
 * opening. renderMessage keeps it within 50 blocks, half of what a Home tab takes.
 */
export function slackHomeListener(deps: SlackListenerDeps) {
  return ({ event, client }: SlackEventMiddlewareArgs<'app_home_opened'> & AllMiddlewareArgs): Promise<void> =>
    deps.inFlight.run(async () => {
      if (event.tab !== undefined && event.tab !== 'home') return;
      // Bolt acked the event already; reading a home takes tens of ms on a big notebook: acks first.
      await deps.afterAnswers();
      try {
        const home = deps.chat.notebook.home(`slack:${event.user}`);
        const { blocks } = renderMessage(homeMessage(home, (deps.chat.now?.() ?? new Date()).toISOString()));
        await client.views.publish({ user_id: event.user, view: { type: 'home', blocks } });
      } catch (error) {
        // Nobody to tell but the log: the tab simply shows its previous version.
        await deps.report(`Publishing the App Home of ${event.user}`, error);
      }
    });
}
