import type { DataIdList } from '../lists/data-id-list.js';
import { fingerprintList } from '../lists/fingerprint-list.js';
import { cleanText } from './clean-text.js';
import type { StoredList } from './notebook.js';
import type { NotebookDeps } from './notebook-deps.js';
import type { NotebookStore } from './notebook-store.js';
import type { Actor } from './records.js';
import { UserError } from './user-error.js';

const LIST_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const MIN_PREFIX = 12;

/** Stores a list on its own (once per fingerprint), optionally under a name for `list:<name>` references. */
export function storeList(
  deps: NotebookDeps,
  list: DataIdList,
  meta: { name?: string; reason?: string },
  by: Actor,
): StoredList {
  const name = cleanText(meta.name);
  if (name !== undefined && !LIST_NAME.test(name)) {
    throw new UserError(`List name "${name}" must be 1 to 64 letters, digits, ".", "_" or "-", starting with a letter or digit`, {
      name: 'Letters, digits, ".", "_" or "-"',
    });
  }
  const sha256 = fingerprintList(list);
  const at = deps.now().toISOString();
  const { store } = deps;
  return store.transaction(() => {
    if (name !== undefined) {
      const named = store.storedListByName(name);
      if (named !== undefined && named.sha256 !== sha256) {
        throw new UserError(`The list name "${name}" already names another list (sha256:${named.sha256.slice(0, 16)}); choose another name`, {
          name: 'Already names another list',
        });
      }
    }
    const reason = cleanText(meta.reason);
    store.storeList({ list, sha256, ...(reason !== undefined ? { reason } : {}), by, at });
    if (name !== undefined) store.nameList(sha256, name, by, at);
    return store.storedList(sha256)!;
  });
}

/** Resolves `sha256:<at least 12 hex digits>` or `list:<name>`; unknown or ambiguous is a UserError. */
export function resolveListReference(store: NotebookStore, ref: string): StoredList {
  const text = ref.trim();
  const sha = /^sha256:([0-9a-fA-F]*)$/.exec(text);
  if (sha) {
    const prefix = sha[1]!.toLowerCase();
    if (prefix.length < MIN_PREFIX || prefix.length > 64) {
      throw new UserError(`"${ref}": give at least ${MIN_PREFIX} (and at most 64) hex digits of the fingerprint after sha256:`);
    }
    const found = store.storedListsByPrefix(prefix);
    if (found.length === 0) throw new UserError(`No stored list has a fingerprint starting ${prefix}; \`campaign lists\` shows them`);
    if (found.length > 1) {
      throw new UserError(`"${ref}" is ambiguous: ${found.map((list) => list.sha256.slice(0, 20)).join(', ')} all start so; give more digits`);
    }
    return found[0]!;
  }
  const named = /^list:(.+)$/.exec(text);
  if (named) {
    const found = store.storedListByName(named[1]!.trim());
    if (found === undefined) throw new UserError(`No stored list is named "${named[1]!.trim()}"; \`campaign lists\` shows them`);
    return found;
  }
  throw new UserError(`"${ref}" is not a stored-list reference: expected sha256:<at least ${MIN_PREFIX} hex digits> or list:<name>`);
}

/** A stored list's entries, by full fingerprint. */
export function getList(store: NotebookStore, sha256: string): DataIdList {
  const list = store.listEntries(sha256.trim().toLowerCase());
  if (list === undefined) throw new UserError(`No stored list has sha256 ${sha256}`);
  return list;
}
