import { HttpException, Version2Client } from 'jira.js';

export type JiraAuth = { readonly email: string; readonly apiToken: string } | { readonly pat: string };

export interface JiraIssueRef {
  readonly id: string;
  readonly key: string;
}

export interface RemoteLink {
  readonly globalId: string;
  readonly url: string;
  readonly title: string;
  readonly summary?: string;
}

/** The few Jira REST v2 calls the mirror makes; each rejects with jira.js's HttpException or a raw AxiosError. */
export interface JiraApi {
  readonly host: string;
  createIssue(fields: Record<string, unknown>): Promise<JiraIssueRef>;
  issue(idOrKey: string): Promise<JiraIssueRef & { status?: string; attachments: string[]; labels: string[] }>;
  /** Issues carrying `label`, oldest first. Search is eventually consistent. */
  searchByLabel(label: string): Promise<JiraIssueRef[]>;
  addComment(idOrKey: string, body: string): Promise<{ id: string }>;
  commentBodies(idOrKey: string): Promise<{ id: string; body: string }[]>;
  addAttachment(idOrKey: string, filename: string, content: string, mimeType: string): Promise<void>;
  upsertRemoteLink(idOrKey: string, link: RemoteLink): Promise<void>;
  transitions(idOrKey: string): Promise<{ id: string; name: string; to?: string }[]>;
  transition(idOrKey: string, transitionId: string): Promise<void>;
  /** Who we are: the cheapest call that proves the credentials work. */
  myself(): Promise<void>;
}

/**
 * A jira.js 5.4 Version2Client (REST v2, wiki markup: Cloud and Data Center): basic auth with an
 * email and API token (Cloud), or a Data Center personal access token as a bearer token. Every
 * request times out after `timeoutMs` (jira.js has no default timeout and never retries).
 */
export function createJiraApi(options: { host: string; auth: JiraAuth; timeoutMs: number }): JiraApi {
  const host = options.host.replace(/\/+$/, '');
  const baseRequestConfig = { timeout: options.timeoutMs };
  const client =
    'pat' in options.auth
      ? // With only an access token and a host, jira.js sends `Authorization: Bearer <token>` as is.
        new Version2Client({ host, authentication: { oauth2: { accessToken: options.auth.pat } }, baseRequestConfig })
      : new Version2Client({
          host,
          authentication: { basic: { email: options.auth.email, apiToken: options.auth.apiToken } },
          baseRequestConfig,
        });
  // Cloud removed GET /rest/api/2/search (410); Data Center has only it. Switch once on 404/410.
  let enhancedSearch = false;

  return {
    host,
    async createIssue(fields) {
      const created = await client.issues.createIssue({ fields: fields as never });
      return { id: String(created.id), key: String(created.key) };
    },
    async issue(idOrKey) {
      const issue = await client.issues.getIssue({ issueIdOrKey: idOrKey, fields: ['status', 'attachment', 'labels'] });
      const fields = (issue.fields ?? {}) as {
        status?: { name?: string };
        attachment?: { filename?: string }[];
        labels?: string[];
      };
      return {
        id: String(issue.id),
        key: String(issue.key),
        ...(fields.status?.name ? { status: fields.status.name } : {}),
        attachments: (fields.attachment ?? []).map((attachment) => String(attachment.filename)),
        labels: fields.labels ?? [],
      };
    },
    async searchByLabel(label) {
      const jql = `labels = "${label}" ORDER BY created ASC`;
      if (!enhancedSearch) {
        try {
          const found = await client.issueSearch.searchForIssuesUsingJql({ jql, fields: ['summary'], maxResults: 10 });
          return (found.issues ?? []).map((issue) => ({ id: String(issue.id), key: String(issue.key) }));
        } catch (error) {
          if (!(error instanceof HttpException && (error.status === 410 || error.status === 404))) throw error;
          enhancedSearch = true;
        }
      }
      const found = await client.issueSearch.searchForIssuesUsingJqlEnhancedSearch({ jql, fields: ['summary'], maxResults: 10 });
      return (found.issues ?? []).map((issue) => ({ id: String(issue.id), key: String(issue.key) }));
    },
    async addComment(idOrKey, body) {
      // jira.js 5.4 takes the text as `comment`; a `body` parameter is silently dropped.
      const comment = await client.issueComments.addComment({ issueIdOrKey: idOrKey, comment: body });
      return { id: String(comment.id) };
    },
    async commentBodies(idOrKey) {
      const comments: { id: string; body: string }[] = [];
      for (let startAt = 0; ; ) {
        const page = await client.issueComments.getComments({ issueIdOrKey: idOrKey, startAt, maxResults: 100 });
        const batch = page.comments ?? [];
        comments.push(...batch.map((comment) => ({ id: String(comment.id), body: String((comment as { body?: unknown }).body ?? '') })));
        startAt += batch.length;
        if (batch.length === 0 || startAt >= (page.total ?? 0)) return comments;
      }
    },
    async addAttachment(idOrKey, filename, content, mimeType) {
      // jira.js sets the multipart field `file` and `X-Atlassian-Token: no-check` itself.
      await client.issueAttachments.addAttachment({
        issueIdOrKey: idOrKey,
        attachment: { filename, file: Buffer.from(content, 'utf8'), mimeType },
      });
    },
    async upsertRemoteLink(idOrKey, link) {
      await client.issueRemoteLinks.createOrUpdateRemoteIssueLink({
        issueIdOrKey: idOrKey,
        globalId: link.globalId,
        application: { type: 'campaign-notebook', name: 'campaign-notebook' },
        object: { url: link.url, title: link.title, ...(link.summary ? { summary: link.summary } : {}) },
      });
    },
    async transitions(idOrKey) {
      const answer = await client.issues.getTransitions({ issueIdOrKey: idOrKey });
      return (answer.transitions ?? []).map((transition) => ({
        id: String(transition.id),
        name: String(transition.name),
        ...(transition.to?.name ? { to: transition.to.name } : {}),
      }));
    },
    async transition(idOrKey, transitionId) {
      await client.issues.doTransition({ issueIdOrKey: idOrKey, transition: { id: transitionId } });
    },
    async myself() {
      await client.myself.getCurrentUser();
    },
  };
}
