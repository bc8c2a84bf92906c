import { ListError } from '../lists/list-error.js';
import type { NotebookEvent } from './records.js';

/**
 * The one error type for what the user can fix. `fields` maps a form field id to its message,
 * so chat adapters can show it inline; `message` alone is enough everywhere else.
 */
export class UserError extends Error {
  readonly fields: Readonly<Record<string, string>>;

  constructor(message: string, fields: Record<string, string> = {}, options?: ErrorOptions) {
    super(message, options);
    this.name = 'UserError';
    this.fields = fields;
  }
}

/**
 * Whether an error is for the user to fix: a UserError, or the ListError of the list parser
 * (src/lists stands alone, so it has its own type with the same message and fields).
 */
export function isUserError(error: unknown): error is UserError | ListError {
  return error instanceof UserError || error instanceof ListError;
}

/**
 * A change asked for on an out-of-date view of a record (a card drawn before its status changed):
 * nothing was recorded. `changes`: the record's status changes since that view, oldest first.
 */
export class StaleRecordError extends UserError {
  readonly recordId: string;
  readonly changes: readonly NotebookEvent[];

  constructor(recordId: string, changes: readonly NotebookEvent[]) {
    const last = changes.at(-1)!;
    super(`${recordId} changed meanwhile (${String(last.payload.from)} → ${String(last.payload.to)} by ${last.actor.name}): nothing was recorded`);
    this.name = 'StaleRecordError';
    this.recordId = recordId;
    this.changes = changes;
  }
}
