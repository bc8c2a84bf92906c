/** Resolves once the app's outbox sink (`slack`, `mattermost`, `jira`) has nothing left to send, as its /healthz says. */
export async function outboxDrained(appUrl: string, sink: string): Promise<void> {
  for (let look = 0; ; look++) {
    const health = (await (await fetch(`${appUrl}/healthz`)).json()) as { outbox: { sinks: Record<string, { backlog: number }> } };
    if (health.outbox.sinks[sink]?.backlog === 0) return;
    if (look > 500) throw new Error(`the ${sink} outbox did not drain`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
