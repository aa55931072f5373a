import type { Conversation, Message, Party, Viewer } from '../core/types.js';

/** The people and groups a conversation is with, as the viewer sees it: everyone but the viewer. */
export function otherParticipants(conversation: Conversation, viewer: Viewer | undefined): readonly Party[] {
  if (!viewer) return conversation.participants;
  const others = conversation.participants.filter(
    (party) => !(party.kind === 'member' && party.id === viewer.member.id),
  );
  return others.length > 0 ? others : conversation.participants;
}

/** Who a message is from, as a reader would say it: the group when written on its behalf. */
export function senderName(message: Message): string {
  return message.onBehalfOf ? message.onBehalfOf.name : message.author.name;
}
