/**
 * What is wrong with a list, for the user to fix: the message names the source, the line (or JSON
 * path), the value and what was expected; `fields` maps the form field the list came from to the
 * same message, so a form can show it under that field.
 */
export class ListError extends Error {
  readonly fields: Readonly<Record<string, string>>;

  constructor(message: string, fields: Record<string, string> = {}) {
    super(message);
    this.name = 'ListError';
    this.fields = fields;
  }
}
