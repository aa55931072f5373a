/**
 * The optional parts of the contract. A backend declares, in `ConversationsAdapter.capabilities`,
 * which of them it serves; the client and the elements offer a feature only when its capability
 * is declared (and the adapter has the methods it needs), so a portal's own adapter may leave any
 * of them out and its members never see a control that cannot work.
 *
 * An adapter without `capabilities` serves none of them: everything S1–S13 needs is not optional.
 */
export type Capability =
  /** S14: a member accepts messages from anyone or only from members they follow. */
  | 'accept-setting'
  /** S15: members block and unblock members. */
  | 'member-blocks'
  /** S18: a group's conversations can be read by its managers only; the list filters by group. */
  | 'group-readers'
  /** S21: a member downloads their data. */
  | 'export'
  /** S25: edit one's own message within the policy's window. */
  | 'edit'
  /** S25: delete one's own message. */
  | 'delete'
  /** S26: reactions from the portal's set. */
  | 'reactions'
  /** S27: read receipts ("Seen by"). */
  | 'receipts'
  /** S28: "… is typing". */
  | 'typing'
  /** S29: mute a conversation. */
  | 'mute'
  /** S29: leave a conversation of several people. */
  | 'leave'
  /** S30: search one's conversations by name and text. */
  | 'search'
  /** S31: mark a conversation as unread. */
  | 'mark-unread';

/** Every optional part, in the order the adapters declare them (both built-in ones serve all). */
export const CAPABILITIES: readonly Capability[] = Object.freeze([
  'accept-setting',
  'member-blocks',
  'group-readers',
  'edit',
  'delete',
  'reactions',
  'receipts',
  'typing',
  'mute',
  'leave',
  'mark-unread',
  'search',
  'export',
]);

/** True when the adapter declares the capability. */
export function hasCapability(
  adapter: { readonly capabilities?: readonly Capability[] },
  capability: Capability,
): boolean {
  return adapter.capabilities?.includes(capability) ?? false;
}
