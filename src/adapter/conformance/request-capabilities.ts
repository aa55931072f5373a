/**
 * The requests the malformed-input table walks, and the optional part (capability) each optional
 * one belongs to. One table for every row builder, so that a row runs exactly where its part is
 * declared: a row of an optional request takes its capability from here, and a row of a required
 * request that uses an optional part of it (`listMessages` around a search hit, S30) names that
 * part itself.
 */
import type { Capability } from '../capabilities.js';

/** S25, S26: the requests that change a message after it was sent. */
export type MessageChangeRequest = 'editMessage' | 'deleteMessage' | 'react';

export type AdapterRequest =
  | 'searchDirectory'
  | 'getParty'
  | 'listConversations'
  | 'getUnreadSummary'
  | 'getConversation'
  | 'listMessages'
  | 'startConversation'
  | 'sendMessage'
  | 'markRead'
  | 'updateSettings'
  | 'report'
  | 'blockMember'
  | 'unblockMember'
  | MessageChangeRequest
  | 'getSeenBy'
  | 'sendTyping'
  | 'setMuted'
  | 'leaveConversation'
  | 'markUnread'
  | 'searchConversations';

/** The capability an optional request belongs to: its rows run only where it is declared. */
export const CAPABILITY_OF: Partial<Record<AdapterRequest, Capability>> = {
  blockMember: 'member-blocks',
  unblockMember: 'member-blocks',
  editMessage: 'edit',
  deleteMessage: 'delete',
  react: 'reactions',
  getSeenBy: 'receipts',
  sendTyping: 'typing',
  setMuted: 'mute',
  leaveConversation: 'leave',
  markUnread: 'mark-unread',
  searchConversations: 'search',
};
