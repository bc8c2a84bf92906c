import { ListError } from '../lists/list-error.js';

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
