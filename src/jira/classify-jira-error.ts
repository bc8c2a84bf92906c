import { HttpException } from 'jira.js';

/** What the worker does about a failed Jira call. */
export type JiraFailure =
  /** Try again later. `ambiguous`: the request may have taken effect (look before writing again). */
  | { readonly action: 'retry'; readonly message: string; readonly ambiguous: boolean; readonly retryAfterMs?: number }
  /** Credentials refused: park the whole queue until they work again. */
  | { readonly action: 'park'; readonly status: number; readonly message: string }
  /** Jira refused this item: mark it failed and tell the channel what Jira said. */
  | {
      readonly action: 'fail';
      readonly status: number;
      readonly message: string;
      readonly errors: Readonly<Record<string, string>>;
      readonly errorMessages: readonly string[];
    };

/** The parts of an AxiosError we read (axios is jira.js's dependency, not ours: checked by shape). */
interface AxiosLike {
  readonly isAxiosError: true;
  readonly code?: string;
  readonly message: string;
  readonly response?: { readonly status: number; readonly headers?: unknown; readonly data?: unknown };
}

function isAxiosError(error: unknown): error is AxiosLike {
  return typeof error === 'object' && error !== null && (error as { isAxiosError?: unknown }).isAxiosError === true;
}

// Codes of failures where the request never left: nothing can have happened on Jira's side.
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ERR_INVALID_URL']);

/**
 * Sorts a jira.js 5 error: HttpException (Jira answered) or the raw AxiosError (no answer:
 * ECONNREFUSED, ECONNRESET, ECONNABORTED on timeout). Anything else is retried as ambiguous.
 */
export function classifyJiraError(error: unknown, now: number = Date.now()): JiraFailure {
  if (error instanceof HttpException) {
    const status = error.status;
    const cause = error.cause;
    const headers = isAxiosError(cause) ? cause.response?.headers : undefined;
    const data = (isAxiosError(cause) ? cause.response?.data : undefined) ?? (error.response as { data?: unknown } | undefined)?.data;
    const { errors, errorMessages } = jiraErrorBody(data);
    const said = [...errorMessages, ...Object.entries(errors).map(([field, message]) => `${field}: ${message}`)].join('; ');
    const message = `Jira answered ${status}${said ? `: ${said}` : error.statusText ? ` ${error.statusText}` : ''}`;
    if (status === 401 || status === 403) return { action: 'park', status, message };
    if (status === 429 || status >= 500) {
      const retryAfterMs = parseRetryAfter(headerValue(headers, 'retry-after'), now);
      // 500/502/504 may come after Jira did the work (a proxy gave up waiting); 429 and 503 refuse up front.
      const ambiguous = status !== 429 && status !== 503;
      return { action: 'retry', message, ambiguous, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) };
    }
    if (status === 408) return { action: 'retry', message, ambiguous: true };
    return { action: 'fail', status, message, errors, errorMessages };
  }
  if (isAxiosError(error)) {
    const code = error.code ?? 'ERR_NETWORK';
    const ambiguous = !NOT_SENT.has(code);
    const what = code === 'ECONNABORTED' || code === 'ETIMEDOUT' ? 'Jira did not answer in time' : 'Cannot reach Jira';
    return { action: 'retry', message: `${what} (${code}): ${error.message}`, ambiguous };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { action: 'retry', message: `Jira call failed: ${message}`, ambiguous: true };
}

function jiraErrorBody(data: unknown): { errors: Record<string, string>; errorMessages: string[] } {
  const errors: Record<string, string> = {};
  const errorMessages: string[] = [];
  if (data && typeof data === 'object') {
    const body = data as { errors?: unknown; errorMessages?: unknown };
    if (body.errors && typeof body.errors === 'object') {
      for (const [field, message] of Object.entries(body.errors as Record<string, unknown>)) errors[field] = String(message);
    }
    if (Array.isArray(body.errorMessages)) errorMessages.push(...body.errorMessages.map(String));
  } else if (typeof data === 'string' && data.trim() !== '' && data.length < 500) {
    errorMessages.push(data.trim());
  }
  return { errors, errorMessages };
}

function headerValue(headers: unknown, name: string): string | undefined {
  if (!headers || typeof headers !== 'object') return undefined;
  const get = (headers as { get?: (key: string) => unknown }).get;
  const value = typeof get === 'function' ? get.call(headers, name) : (headers as Record<string, unknown>)[name];
  return value === undefined || value === null ? undefined : String(value);
}

/** `Retry-After` as seconds or an HTTP date, in milliseconds from now. */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Math.round(Number(value) * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
