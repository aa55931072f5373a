/**
 * The decisions of the rulebook: pure functions over the facts a backend has loaded for one
 * request (who the viewer is and their roles, the conversation's participants, what is stored
 * under a client id). A backend parses (`core/requests.ts`), loads these facts, asks here, and
 * writes only when the answer is yes. Each refusal is the same typed error on every backend.
 */
import { acceptFromOf } from './acceptance.js';
import { ConflictError, ForbiddenError, ValidationError } from './errors.js';
import { readsGroup } from './group-readers.js';
import {
  partyKey,
  type AcceptFrom,
  type ConversationId,
  type EmailMode,
  type GroupId,
  type GroupReaders,
  type GroupRole,
  type MemberId,
  type NotificationSettings,
  type PartyRef,
} from './types.js';

/** What a backend knows of the viewer of a request. */
export interface ViewerFacts {
  readonly memberId: MemberId;
  /** The groups the viewer belongs to, with their role in each. */
  readonly roles: ReadonlyMap<GroupId, GroupRole>;
  /**
   * S18: who reads the conversations of each of those groups (`'members'` or `'managers'`).
   * Required, and a group missing from it is read by its managers only: facts that leave the
   * setting out can hide a conversation from someone, never show it to a plain member of a
   * managers-only group (the leak of an edit path that once built these facts without it).
   */
  readonly readers: ReadonlyMap<GroupId, GroupReaders>;
}

/** A conversation as far as the decisions care: who takes part in it. */
export interface ConversationFacts {
  readonly id: ConversationId;
  readonly participants: readonly PartyRef[];
  /**
   * Members who left it (S29): they no longer read it, whatever group they belong to. Required
   * (the empty list when nobody left), so that no backend can forget to load it.
   */
  readonly left: readonly MemberId[];
}

// The one refusal of each kind for what is missing or not the viewer's, in a module of their own:
// the client's thread names one without loading the decisions (a first-view page does not).
import { conversationNotFound } from './not-found.js';
export { conversationNotFound, messageNotFound, partyNotFound } from './not-found.js';

/**
 * S5: the viewer takes part when they, or one of their groups, is named in the conversation, and
 * they have not left it (S29); S18: through a group only if they read its conversations (every
 * member, or managers only).
 */
export function mayRead(
  viewer: ViewerFacts,
  participants: readonly PartyRef[],
  left: readonly MemberId[],
): boolean {
  if (left.includes(viewer.memberId)) return false;
  return participants.some((party) =>
    party.kind === 'member'
      ? party.id === viewer.memberId
      : readsGroup(viewer.roles.get(party.id), viewer.readers.get(party.id)),
  );
}

/**
 * The conversation, when the viewer may read it; `conversationNotFound()` when it is missing
 * (`undefined`) or hidden from them.
 */
export function assertMayRead<C extends ConversationFacts>(
  viewer: ViewerFacts,
  conversation: C | undefined,
): C {
  if (!conversation || !mayRead(viewer, conversation.participants, conversation.left))
    throw conversationNotFound();
  return conversation;
}

/**
 * S4: who the viewer writes as. Themselves without `asGroup`; the group when they manage it;
 * otherwise `ForbiddenError('not-group-manager')`, field `asGroup`.
 */
export function mayActAs(viewer: ViewerFacts, asGroup: GroupId | undefined): PartyRef {
  if (asGroup === undefined) return { kind: 'member', id: viewer.memberId };
  if (viewer.roles.get(asGroup) !== 'manager') {
    throw new ForbiddenError(
      'not-group-manager',
      'Only a manager of that group can write as the group.',
      'asGroup',
    );
  }
  return { kind: 'group', id: asGroup };
}

export interface StartFacts {
  readonly viewer: ViewerFacts;
  /** From `parseStartRequest`. */
  readonly asGroup?: GroupId;
  readonly recipients: readonly PartyRef[];
  /** Recipients the backend did not find in its directory. */
  readonly unknown: readonly PartyRef[];
}

/**
 * May this viewer start this conversation? Returns the participants in order (the sender first):
 * the conversation to continue is the one with exactly this set (`participantSetOf`).
 * Refuses: writing as a group they do not manage (`not-group-manager`), then recipients that are
 * not on the portal (`unknown-recipient`, naming them).
 */
export function mayStart(facts: StartFacts): {
  readonly sender: PartyRef;
  readonly participants: PartyRef[];
} {
  const sender = mayActAs(facts.viewer, facts.asGroup);
  if (facts.unknown.length > 0) {
    throw new ValidationError(
      'unknown-recipient',
      `Not registered on this portal: ${facts.unknown.map((ref) => `${ref.kind} "${ref.id}"`).join(', ')}.`,
      { field: 'recipients' },
    );
  }
  return { sender, participants: [sender, ...facts.recipients] };
}

export interface SendFacts {
  readonly viewer: ViewerFacts;
  readonly asGroup?: GroupId;
  /** The conversation named, if it exists. */
  readonly conversation: ConversationFacts | undefined;
}

/**
 * May this viewer send here? The conversation must be readable to them (else
 * `conversationNotFound()`); writing as a group needs its management (`not-group-manager`) and
 * the group among the participants (`ForbiddenError('not-allowed')`, field `asGroup`).
 * Returns the sender.
 */
export function maySend(facts: SendFacts): PartyRef {
  const conversation = assertMayRead(facts.viewer, facts.conversation);
  const sender = mayActAs(facts.viewer, facts.asGroup);
  if (
    sender.kind === 'group' &&
    !conversation.participants.some((p) => p.kind === 'group' && p.id === sender.id)
  ) {
    throw new ForbiddenError('not-allowed', 'That group is not in this conversation.', 'asGroup');
  }
  return sender;
}

/** The participants as a set: the same people and groups in any order give the same key. */
export function participantSetOf(participants: readonly PartyRef[]): string {
  return [...new Set(participants.map(partyKey))].sort().join(' ');
}

export interface EarlierAnswerFacts {
  readonly viewer: ViewerFacts;
  /** The conversation of the viewer's message stored under this client id, if there is one. */
  readonly earlier: ConversationFacts | undefined;
  /** What the request asks for: a send names its conversation, a start its participants. */
  readonly requested:
    { readonly conversationId: ConversationId } | { readonly participants: readonly PartyRef[] };
}

/**
 * Idempotency on client ids: is this request a retry of one already stored?
 * - nothing stored under the id: `'new'`, go on and write;
 * - stored, and the request is the same one (the same conversation for a send, the same set of
 *   participants for a start): `'repeat'`, answer what was stored and write nothing; its
 *   conversation must still be readable (a member since removed from the group gets
 *   `conversationNotFound()`, as for any other request about it);
 * - stored for another conversation: `ConflictError`, since answering the other conversation's
 *   message would tell the client its message landed where it did not.
 */
export function decideEarlierAnswer(facts: EarlierAnswerFacts): 'new' | 'repeat' {
  if (!facts.earlier) return 'new';
  const earlier = assertMayRead(facts.viewer, facts.earlier);
  const same =
    'conversationId' in facts.requested
      ? earlier.id === facts.requested.conversationId
      : participantSetOf(earlier.participants) === participantSetOf(facts.requested.participants);
  if (!same) {
    throw new ConflictError('This request id was already used for a message in another conversation.');
  }
  return 'repeat';
}

/** Read markers never move back: true when marking `seq` read moves the marker at `current`. */
export function readMarkerMoves(current: number | undefined, seq: number): boolean {
  return current === undefined || seq > current;
}

/**
 * Writing a message reads the conversation up to it, for its writer, as in every chat a member
 * knows: wherever they wrote from (the thread, compose, another tab), nothing before their own
 * message counts as unread to them any more, a "marked unread" (S31) is cleared, and the next
 * message from someone else may email them again (S10). The read position that unread counts
 * and "Seen by" (S27) start after moves; the marker the member set themselves (`markRead`, which
 * the export reports, S21) does not. A "… left" entry (S29) is its leaver's writing too: should
 * they take part again, what came after it is what they have not read.
 * Returns the writer's read position after writing at `seq` (it never moves back).
 */
export function readPositionAfterWriting(current: number | undefined, seq: number): number {
  return readMarkerMoves(current, seq) ? seq : current!;
}

/** S22: the email mode a settings object means (absent is the default, `'first-unread'`). */
export function emailModeOf(settings: Pick<NotificationSettings, 'emailMode'>): EmailMode {
  return settings.emailMode ?? 'first-unread';
}

/**
 * Applies a parsed settings patch (`parseSettingsPatch`); `changed` says whether to write.
 * `acceptFrom` and `emailMode` are left out of the result when they are the default (see
 * `NotificationSettings`), so every backend answers the same shape.
 */
export function applySettingsPatch(
  current: NotificationSettings,
  patch: Partial<NotificationSettings>,
): { readonly settings: NotificationSettings; readonly changed: boolean } {
  const acceptFrom = patch.acceptFrom ?? acceptFromOf(current);
  const emailMode = patch.emailMode ?? emailModeOf(current);
  const settings = normalizeSettings({
    inApp: patch.inApp ?? current.inApp,
    email: patch.email ?? current.email,
    readReceipts: patch.readReceipts ?? current.readReceipts,
    acceptFrom,
    emailMode,
  });
  const changed =
    settings.inApp !== current.inApp ||
    settings.email !== current.email ||
    (settings.readReceipts ?? true) !== (current.readReceipts ?? true) ||
    acceptFrom !== acceptFromOf(current) ||
    emailMode !== emailModeOf(current);
  return { settings, changed };
}

/**
 * Settings as every backend gives them: `readReceipts` only when off (absent means on),
 * `acceptFrom` only when not `'anyone'`.
 */
export function normalizeSettings(settings: {
  readonly inApp: boolean;
  readonly email: boolean;
  readonly readReceipts?: boolean | undefined;
  readonly acceptFrom?: AcceptFrom | undefined;
  readonly emailMode?: EmailMode | undefined;
}): NotificationSettings {
  return {
    inApp: settings.inApp,
    email: settings.email,
    ...(settings.readReceipts === false ? { readReceipts: false } : {}),
    ...(settings.acceptFrom === undefined || settings.acceptFrom === 'anyone'
      ? {}
      : { acceptFrom: settings.acceptFrom }),
    ...(settings.emailMode === 'digest' ? { emailMode: 'digest' } : {}),
  };
}
