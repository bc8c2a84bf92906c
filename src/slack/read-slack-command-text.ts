/**
 * A slash command's text as Slack sends it with escaping on (manifest `should_escape: true`), back
 * to what the user typed: `<@U0123|jdoe>` → `@jdoe` (remembered as a mention of U0123), channels
 * and links as their labels, `&amp;` `&lt;` `&gt;` decoded.
 */
export function readSlackCommandText(escaped: string): { readonly text: string; readonly mentions: Readonly<Record<string, string>> } {
  const mentions: Record<string, string> = {};
  const text = escaped.replace(/<([^<>]*)>/g, (_whole, inner: string) => {
    const [target = '', label] = inner.split('|', 2) as [string, string | undefined];
    if (target.startsWith('@')) {
      const id = target.slice(1);
      const name = `@${label ?? id}`;
      mentions[name] = id;
      return name;
    }
    if (target.startsWith('#')) return `#${label ?? target.slice(1)}`;
    if (target.startsWith('!')) return label ?? `@${target.slice(1).split('^')[0]}`;
    return label ?? target;
  });
  return { text: decode(text), mentions: Object.fromEntries(Object.entries(mentions).map(([name, id]) => [decode(name), id])) };
}

function decode(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}
