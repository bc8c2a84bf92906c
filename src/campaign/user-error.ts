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
