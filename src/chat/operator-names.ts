import type { Notebook } from '../campaign/notebook.js';

/** The names the operators of these records last acted under (a Mattermost mention needs the username). */
export function operatorNames(notebook: Pick<Notebook, 'actorNames'>, ...records: readonly { readonly operators?: readonly string[] }[]): ReadonlyMap<string, string> {
  return notebook.actorNames(records.flatMap((record) => record.operators ?? []));
}
