/** Escapes text for Slack mrkdwn: only `&`, `<` and `>` are control characters there. */
export function escapeMrkdwn(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
