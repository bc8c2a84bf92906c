import { createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import { packFormState, unpackFormState, type FormState } from '../chat/chat-form.js';

/**
 * What the bot puts in a dialog's `state`: the neutral form state plus who opened it (the
 * submission carries the user id but no name), a nonce (a dialog is recorded once) and when.
 */
export interface DialogState extends FormState {
  readonly userId: string;
  readonly userName: string;
  readonly teamId?: string;
  readonly nonce: string;
  /** Milliseconds since the epoch. */
  readonly issuedAt: number;
}

// A dialog can stay open over lunch, not for days.
const MAX_AGE_MS = 24 * 60 * 60 * 1000;
const LABEL = 'campaign-notebook/mattermost/dialog-state/v1';

/**
 * The key that signs dialog states, derived (HKDF-SHA256, fixed label) from the bot's own secrets:
 * nothing new to configure, and changing either token invalidates dialogs still open.
 */
export function deriveStateKey(botToken: string, commandToken: string): Buffer {
  return Buffer.from(hkdfSync('sha256', `${botToken}\n${commandToken}`, '', LABEL, 32));
}

function mac(key: Buffer, payload: string): Buffer {
  return createHmac('sha256', key).update(payload).digest();
}

/** A new dialog state for a form opened by a user. */
export function newDialogState(form: FormState, who: { userId: string; userName: string; teamId?: string }, now = Date.now()): DialogState {
  return { ...form, ...who, nonce: randomBytes(12).toString('base64url'), issuedAt: now };
}

/** `<payload>.<HMAC-SHA256>`, both base64url. */
export function signDialogState(state: DialogState, key: Buffer): string {
  const payload = Buffer.from(
    JSON.stringify({
      ...packFormState(state),
      u: state.userId,
      n: state.userName,
      ...(state.teamId ? { t: state.teamId } : {}),
      x: state.nonce,
      i: state.issuedAt,
    }),
  ).toString('base64url');
  return `${payload}.${mac(key, payload).toString('base64url')}`;
}

/**
 * The state back from a submission, or undefined when it was not signed with `key`, was opened
 * by another user, or is older than a day.
 */
export function verifyDialogState(token: unknown, key: Buffer, submitter: string, now = Date.now()): DialogState | undefined {
  if (typeof token !== 'string') return undefined;
  const [payload, signature, extra] = token.split('.');
  if (!payload || !signature || extra !== undefined) return undefined;
  const expected = mac(key, payload);
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  const form = unpackFormState(raw);
  const { u, n, t, x, i } = raw;
  if (!form || typeof u !== 'string' || typeof n !== 'string') return undefined;
  if (typeof x !== 'string' || typeof i !== 'number' || (t !== undefined && typeof t !== 'string')) return undefined;
  if (u !== submitter || i > now + 60_000 || now - i > MAX_AGE_MS) return undefined;
  return {
    ...form,
    userId: u,
    userName: n,
    ...(t !== undefined ? { teamId: t } : {}),
    nonce: x,
    issuedAt: i,
  };
}
