/**
 * A stateful fake Jira (REST v2) on 127.0.0.1 for tests and the bench: issues, sub-tasks, comments,
 * attachments (multipart `file`, X-Atlassian-Token checked), remote links upserted by globalId,
 * transitions, label search (eventually consistent: `indexLagMs`), /myself; Jira's response and
 * error shapes (`{id,key,self}`, `{errorMessages, errors}`). Faults can be programmed per request.
 */
import { EventEmitter, once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface FakeJiraComment {
  readonly id: string;
  readonly body: string;
  readonly created: string;
}

export interface FakeJiraAttachment {
  readonly id: string;
  readonly filename: string;
  readonly mimeType: string;
  readonly content: string;
}

export interface FakeJiraRemoteLink {
  readonly id: number;
  globalId?: string;
  object: { url: string; title: string; summary?: string };
  application?: unknown;
}

export interface FakeJiraIssue {
  readonly id: string;
  key: string;
  readonly self: string;
  readonly fields: {
    project: string;
    issuetype: string;
    summary: string;
    description?: string;
    labels: string[];
    parent?: string;
    status: string;
  };
  readonly createdAt: number;
  readonly comments: FakeJiraComment[];
  readonly attachments: FakeJiraAttachment[];
  readonly remoteLinks: FakeJiraRemoteLink[];
}

export interface FakeJiraRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly at: number;
}

export type FakeJiraFault =
  /** Answer with this status (and Jira-shaped body, headers). */
  | { readonly kind: 'status'; readonly status: number; readonly body?: unknown; readonly headers?: Record<string, string> }
  /** Never answer (past any client timeout); `apply`: do the work first, so only the response is lost. */
  | { readonly kind: 'hang'; readonly apply?: boolean }
  /** Do the work, then drop the connection without an answer. */
  | { readonly kind: 'lose-response' };

interface ArmedFault {
  readonly method: string | undefined;
  readonly path: RegExp;
  readonly fault: FakeJiraFault;
  remaining: number;
}

export type FakeJiraAuth = { readonly email: string; readonly apiToken: string } | { readonly pat: string };

export interface FakeJiraOptions {
  readonly auth?: FakeJiraAuth;
  readonly projects?: readonly string[];
  /** Delay before each answer, ms (the bench uses 300). */
  readonly latencyMs?: number;
  /** How long a created issue stays invisible to search, ms. */
  readonly indexLagMs?: number;
  /** Behave as Jira Cloud: GET /rest/api/2/search is gone (410); /rest/api/2/search/jql answers. */
  readonly cloudSearch?: boolean;
}

const ISSUE_TYPES: Record<string, { subtask: boolean }> = { Task: { subtask: false }, Story: { subtask: false }, 'Sub-task': { subtask: true } };
const STATUSES = [
  { id: '11', name: 'To Do', to: 'To Do' },
  { id: '21', name: 'Start Progress', to: 'In Progress' },
  { id: '31', name: 'Done', to: 'Done' },
];
const TEXT_LIMIT = 32_767;

export interface FakeJira {
  readonly url: string;
  readonly issues: FakeJiraIssue[];
  readonly requests: FakeJiraRequest[];
  latencyMs: number;
  indexLagMs: number;
  /** Arms a fault for the next `times` requests matching method and path. */
  fail(match: { method?: string; path: RegExp | string }, fault: FakeJiraFault, times?: number): void;
  /** Every request is answered 401 (an expired token) until told otherwise. */
  rejectCredentials(reject: boolean): void;
  /** Stops listening (connections are refused: ECONNREFUSED) until acceptConnections(). */
  refuseConnections(): Promise<void>;
  acceptConnections(): Promise<void>;
  /** Called as each request arrives, before any fault or latency. */
  onRequest(listener: (request: FakeJiraRequest) => void): void;
  issueByKey(key: string): FakeJiraIssue | undefined;
  /** Resolves with `probe()`'s first truthy value, looking after each answered request. */
  waitFor<T>(probe: () => T | undefined | false | null, timeoutMs?: number): Promise<T>;
  /** The app's Jira settings (environment variables) that point it at this fake, with the credentials it accepts. */
  appEnv(): Record<string, string>;
  close(): Promise<void>;
}

function jiraError(status: number, errors: Record<string, string>, errorMessages: string[] = []) {
  return { status, body: { errorMessages, errors } };
}

export async function startFakeJira(options: FakeJiraOptions = {}): Promise<FakeJira> {
  const auth = options.auth ?? { email: 'bot@example.org', apiToken: 'token-1' };
  const projects = new Set(options.projects ?? ['DM']);
  const issues: FakeJiraIssue[] = [];
  const requests: FakeJiraRequest[] = [];
  const faults: ArmedFault[] = [];
  const listeners: ((request: FakeJiraRequest) => void)[] = [];
  const sockets = new Set<Socket>();
  let credentialsRejected = false;
  let nextIssueId = 10000;
  let nextObjectId = 1;
  const counters = new Map<string, number>();

  const answered = new EventEmitter();
  const server = createServer((request, response) => {
    response.on('close', () => answered.emit('answered'));
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) send(response, 500, { errorMessages: [String(error)], errors: {} });
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;

  const expectedAuthorization =
    'pat' in auth ? `Bearer ${auth.pat}` : `Basic ${Buffer.from(`${auth.email}:${auth.apiToken}`).toString('base64')}`;

  const fake: FakeJira = {
    url,
    issues,
    requests,
    latencyMs: options.latencyMs ?? 0,
    indexLagMs: options.indexLagMs ?? 0,
    appEnv() {
      return { JIRA_HOST: url, ...('pat' in auth ? { JIRA_PAT: auth.pat } : { JIRA_EMAIL: auth.email, JIRA_API_TOKEN: auth.apiToken }) };
    },
    fail(match, fault, times = 1) {
      const path = typeof match.path === 'string' ? new RegExp(`^${match.path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) : match.path;
      faults.push({ method: match.method?.toUpperCase(), path, fault, remaining: times });
    },
    rejectCredentials(reject) {
      credentialsRejected = reject;
    },
    async refuseConnections() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await closed;
    },
    async acceptConnections() {
      server.listen(port, '127.0.0.1');
      await once(server, 'listening');
    },
    onRequest(listener) {
      listeners.push(listener);
    },
    issueByKey: (key) => issues.find((issue) => issue.key === key),
    waitFor(probe, timeoutMs = 5000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const value = probe();
          if (value === undefined || value === false || value === null) return;
          answered.off('answered', check);
          clearTimeout(timer);
          resolve(value);
        };
        const timer = setTimeout(() => {
          answered.off('answered', check);
          reject(new Error(`fake Jira: condition not met within ${timeoutMs} ms; ${requests.length} requests so far`));
        }, timeoutMs);
        answered.on('answered', check);
        check();
      });
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      if (server.listening) await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };

  function findIssue(idOrKey: string): FakeJiraIssue | undefined {
    return issues.find((issue) => issue.id === idOrKey || issue.key === idOrKey);
  }

  function send(response: ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}): void {
    if (response.destroyed) return;
    const text = body === undefined ? '' : JSON.stringify(body);
    response.writeHead(status, { ...(text ? { 'Content-Type': 'application/json;charset=UTF-8' } : {}), ...headers });
    response.end(text);
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const parsed = new URL(request.url ?? '/', url);
    const method = (request.method ?? 'GET').toUpperCase();
    const info: FakeJiraRequest = { method, path: parsed.pathname, query: parsed.searchParams, at: Date.now() };
    requests.push(info);
    for (const listener of listeners) listener(info);
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);

    const armed = faults.find((fault) => fault.remaining > 0 && (!fault.method || fault.method === method) && fault.path.test(info.path));
    if (armed) armed.remaining -= 1;
    const fault = armed?.fault;
    if (fake.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, fake.latencyMs));

    if (fault?.kind === 'status') return send(response, fault.status, fault.body ?? { errorMessages: [`Fake fault ${fault.status}`], errors: {} }, fault.headers);
    if (fault?.kind === 'hang' && !fault.apply) return; // the client times out; nothing happened here

    const authorized = !credentialsRejected && request.headers.authorization === expectedAuthorization;
    const answer: { status: number; body?: unknown } = authorized
      ? await route(method, info.path, parsed.searchParams, request, raw)
      : { status: 401, body: { errorMessages: ['You are not authenticated. Authentication required to perform this operation.'], errors: {} } };

    if (fault?.kind === 'hang') return;
    if (fault?.kind === 'lose-response') {
      request.socket.destroy();
      return;
    }
    send(response, answer.status, answer.body);
  }

  async function route(
    method: string,
    path: string,
    query: URLSearchParams,
    request: IncomingMessage,
    raw: Buffer,
  ): Promise<{ status: number; body?: unknown }> {
    const json = () => (raw.length === 0 ? {} : (JSON.parse(raw.toString('utf8')) as Record<string, unknown>));
    if (method === 'GET' && path === '/rest/api/2/myself') return { status: 200, body: { name: 'bot', displayName: 'Notebook bot', active: true } };
    if (method === 'POST' && path === '/rest/api/2/issue') return createIssue(json());
    if (method === 'GET' && (path === '/rest/api/2/search' || path === '/rest/api/2/search/jql')) {
      if (path === '/rest/api/2/search' && options.cloudSearch) {
        return { status: 410, body: { errorMessages: ['The requested API has been removed. Please migrate to the /rest/api/3/search/jql API.'], errors: {} } };
      }
      const found = search(query.get('jql') ?? '');
      if (path === '/rest/api/2/search') {
        return { status: 200, body: { startAt: 0, maxResults: 50, total: found.length, issues: found.map(issueJson) } };
      }
      return { status: 200, body: { issues: found.map(issueJson), isLast: true } };
    }
    const match = /^\/rest\/api\/2\/issue\/([^/]+)(?:\/(comment|attachments|remotelink|transitions))?$/.exec(path);
    if (!match) return { status: 404, body: { errorMessages: [`No route for ${method} ${path}`], errors: {} } };
    const issue = findIssue(decodeURIComponent(match[1]!));
    if (!issue) return { status: 404, body: { errorMessages: ['Issue does not exist or you do not have permission to see it.'], errors: {} } };
    const sub = match[2];
    if (!sub && method === 'GET') return { status: 200, body: issueJson(issue) };
    if (sub === 'comment' && method === 'POST') {
      const body = json().body;
      if (typeof body !== 'string' || body.trim() === '') return jiraError(400, { comment: 'Comment body can not be empty!' });
      if (body.length > TEXT_LIMIT) return jiraError(400, { comment: `The entered text is too long. It exceeds the allowed limit of ${TEXT_LIMIT.toLocaleString('en')} characters.` });
      const comment = { id: String(nextObjectId++), body, created: new Date().toISOString() };
      issue.comments.push(comment);
      return { status: 201, body: { ...comment, self: `${issue.self}/comment/${comment.id}` } };
    }
    if (sub === 'comment' && method === 'GET') {
      const startAt = Number(query.get('startAt') ?? 0);
      const maxResults = Number(query.get('maxResults') ?? 50);
      return {
        status: 200,
        body: { startAt, maxResults, total: issue.comments.length, comments: issue.comments.slice(startAt, startAt + maxResults) },
      };
    }
    if (sub === 'attachments' && method === 'POST') {
      if (String(request.headers['x-atlassian-token'] ?? '').toLowerCase() !== 'no-check') {
        return { status: 403, body: { errorMessages: ['XSRF check failed'], errors: {} } };
      }
      const form = await new Response(raw, { headers: { 'content-type': String(request.headers['content-type']) } }).formData();
      const files = form.getAll('file').filter((value) => typeof value !== 'string') as unknown as Blob[] as (Blob & { name: string })[];
      if (files.length === 0) return jiraError(400, {}, ['No file in the multipart field "file"']);
      const added: FakeJiraAttachment[] = [];
      for (const file of files) {
        const attachment = { id: String(nextObjectId++), filename: file.name, mimeType: file.type, content: await file.text() };
        issue.attachments.push(attachment);
        added.push(attachment);
      }
      return { status: 200, body: added.map((attachment) => ({ id: attachment.id, filename: attachment.filename, size: attachment.content.length, mimeType: attachment.mimeType })) };
    }
    if (sub === 'remotelink' && method === 'POST') {
      const body = json() as { globalId?: string; object?: { url?: string; title?: string; summary?: string }; application?: unknown };
      if (!body.object?.url || !body.object.title) return jiraError(400, { title: 'Title is required', url: 'Url is required' });
      const existing = body.globalId ? issue.remoteLinks.find((link) => link.globalId === body.globalId) : undefined;
      const object = { url: body.object.url, title: body.object.title, ...(body.object.summary ? { summary: body.object.summary } : {}) };
      if (existing) {
        existing.object = object;
        existing.application = body.application;
        return { status: 200, body: { id: existing.id, self: `${issue.self}/remotelink/${existing.id}` } };
      }
      const link: FakeJiraRemoteLink = { id: nextObjectId++, ...(body.globalId ? { globalId: body.globalId } : {}), object, application: body.application };
      issue.remoteLinks.push(link);
      return { status: 201, body: { id: link.id, self: `${issue.self}/remotelink/${link.id}` } };
    }
    if (sub === 'remotelink' && method === 'GET') return { status: 200, body: issue.remoteLinks };
    if (sub === 'transitions' && method === 'GET') {
      return {
        status: 200,
        body: {
          transitions: STATUSES.filter((status) => status.to !== issue.fields.status).map((status) => ({
            id: status.id,
            name: status.name,
            to: { id: status.id, name: status.to },
          })),
        },
      };
    }
    if (sub === 'transitions' && method === 'POST') {
      const id = (json().transition as { id?: string } | undefined)?.id;
      const transition = STATUSES.find((status) => status.id === id && status.to !== issue.fields.status);
      if (!transition) return jiraError(400, {}, [`Transition id '${id}' is not valid for this issue.`]);
      issue.fields.status = transition.to;
      return { status: 204 };
    }
    return { status: 405, body: { errorMessages: [`Method ${method} not allowed on ${path}`], errors: {} } };
  }

  function createIssue(body: Record<string, unknown>): { status: number; body?: unknown } {
    const fields = (body.fields ?? {}) as Record<string, unknown>;
    const errors: Record<string, string> = {};
    const project = (fields.project as { key?: string } | undefined)?.key;
    const typeName = (fields.issuetype as { name?: string } | undefined)?.name;
    const type = typeName === undefined ? undefined : ISSUE_TYPES[typeName];
    const summary = fields.summary;
    const description = fields.description;
    const labels = (fields.labels ?? []) as unknown[];
    const parentKey = (fields.parent as { key?: string; id?: string } | undefined)?.key ?? (fields.parent as { id?: string } | undefined)?.id;
    if (!project || !projects.has(project)) errors.project = 'valid project is required';
    if (!type) errors.issuetype = 'valid issue type is required';
    if (typeof summary !== 'string' || summary.trim() === '') errors.summary = 'You must specify a summary of the issue.';
    else if (summary.length > 255) errors.summary = 'Summary must be less than 255 characters.';
    else if (/[\r\n]/.test(summary)) errors.summary = 'The summary is invalid because it contains newline characters.';
    if (typeof description === 'string' && description.length > TEXT_LIMIT) {
      errors.description = `The entered text is too long. It exceeds the allowed limit of ${TEXT_LIMIT.toLocaleString('en')} characters.`;
    }
    for (const label of labels) {
      if (typeof label !== 'string' || /\s/.test(label)) errors.labels = `The label '${String(label)}' contains spaces which is invalid.`;
    }
    const parent = parentKey === undefined ? undefined : findIssue(parentKey);
    if (type?.subtask && !parentKey) errors.parentId = 'Issue type is a sub-task but parent issue key or id not specified.';
    else if (type?.subtask && !parent) errors.parentId = `Could not find issue by id or key.`;
    if (Object.keys(errors).length > 0) return jiraError(400, errors);
    const next = (counters.get(project!) ?? 0) + 1;
    counters.set(project!, next);
    const id = String(nextIssueId++);
    const issue: FakeJiraIssue = {
      id,
      key: `${project}-${next}`,
      self: `${url}/rest/api/2/issue/${id}`,
      fields: {
        project: project!,
        issuetype: typeName!,
        summary: summary as string,
        ...(typeof description === 'string' ? { description } : {}),
        labels: labels as string[],
        ...(parent ? { parent: parent.key } : {}),
        status: 'To Do',
      },
      createdAt: Date.now(),
      comments: [],
      attachments: [],
      remoteLinks: [],
    };
    issues.push(issue);
    return { status: 201, body: { id: issue.id, key: issue.key, self: issue.self } };
  }

  function search(jql: string): FakeJiraIssue[] {
    const visibleBefore = Date.now() - fake.indexLagMs;
    const labels = [...jql.matchAll(/labels\s*=\s*"?([^"\s)]+)"?/gi)].map((match) => match[1]!);
    return issues.filter((issue) => issue.createdAt <= visibleBefore && labels.every((label) => issue.fields.labels.includes(label)));
  }

  function issueJson(issue: FakeJiraIssue) {
    return {
      id: issue.id,
      key: issue.key,
      self: issue.self,
      fields: {
        summary: issue.fields.summary,
        description: issue.fields.description ?? null,
        labels: issue.fields.labels,
        project: { key: issue.fields.project },
        issuetype: { name: issue.fields.issuetype, subtask: ISSUE_TYPES[issue.fields.issuetype]?.subtask ?? false },
        status: { name: issue.fields.status },
        ...(issue.fields.parent ? { parent: { key: issue.fields.parent } } : {}),
        attachment: issue.attachments.map((attachment) => ({
          id: attachment.id,
          filename: attachment.filename,
          size: attachment.content.length,
          mimeType: attachment.mimeType,
        })),
        comment: { comments: issue.comments, total: issue.comments.length },
      },
    };
  }

  return fake;
}
