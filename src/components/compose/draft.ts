import type { GroupId, MemberId, Party } from '../../core/types.js';

/** What the member has written and chosen so far, kept until the conversation is started. */
export interface ComposeDraft {
  /** Chosen recipients with their names and pictures, so the chips come back without a lookup. */
  readonly recipients: readonly Party[];
  readonly body: string;
  readonly asGroup?: GroupId;
}

// Drafts live in sessionStorage, keyed by viewer and by how compose was opened, and never in the
// adapter's stores (those hold what the backend said, not what the member is still writing):
// - it is synchronous, so a reloaded page shows the draft in its first render, with no flash;
// - it survives a reload but not the tab: an unsent private message does not linger on a shared
//   computer after the browser is closed, as it would in IndexedDB;
// - it is per tab, so two tabs composing do not overwrite each other's text.
const PREFIX = 'conv-elements:compose-draft';

function key(viewer: MemberId, scope: string): string {
  return `${PREFIX}:${encodeURIComponent(viewer)}:${scope}`;
}

function isParty(value: unknown): value is Party {
  if (typeof value !== 'object' || value === null) return false;
  const { kind, id, name, avatarUrl } = value as Record<string, unknown>;
  return (
    (kind === 'member' || kind === 'group') &&
    typeof id === 'string' &&
    typeof name === 'string' &&
    (avatarUrl === undefined || typeof avatarUrl === 'string')
  );
}

/** The stored draft, or undefined when there is none or it cannot be read. */
export function readDraft(viewer: MemberId, scope: string): ComposeDraft | undefined {
  let raw: string | null;
  try {
    raw = sessionStorage.getItem(key(viewer, scope));
  } catch {
    // Storage can be switched off (privacy settings, sandboxed frames): compose works without it.
    return undefined;
  }
  if (raw === null) return undefined;
  try {
    const data = JSON.parse(raw) as Record<string, unknown>;
    const recipients = Array.isArray(data.recipients) ? data.recipients.filter(isParty) : [];
    const body = typeof data.body === 'string' ? data.body : '';
    const asGroup = typeof data.asGroup === 'string' ? data.asGroup : undefined;
    return {
      recipients: recipients.map(({ kind, id, name, avatarUrl }) =>
        kind === 'member' ? { kind, id, name, avatarUrl } : { kind, id, name, avatarUrl },
      ),
      body,
      ...(asGroup === undefined ? {} : { asGroup }),
    };
  } catch {
    return undefined;
  }
}

/** Stores the draft; an empty draft removes the entry. */
export function writeDraft(viewer: MemberId, scope: string, draft: ComposeDraft): void {
  const empty = draft.recipients.length === 0 && draft.body === '' && draft.asGroup === undefined;
  try {
    if (empty) sessionStorage.removeItem(key(viewer, scope));
    else
      sessionStorage.setItem(
        key(viewer, scope),
        JSON.stringify({
          recipients: draft.recipients.map(({ kind, id, name, avatarUrl }) => ({
            kind,
            id,
            name,
            avatarUrl,
          })),
          body: draft.body,
          asGroup: draft.asGroup,
        }),
      );
  } catch {
    // Full or disabled storage: the draft still lives in the element until the page goes.
  }
}

export function clearDraft(viewer: MemberId, scope: string): void {
  writeDraft(viewer, scope, { recipients: [], body: '' });
}
