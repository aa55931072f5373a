/**
 * The envelope's English name, apart from the rest of the table: the badge, which a header may
 * load on its own, needs this one string and not the few kilobytes of the others.
 */
export function envelopeName(unread: number, formatted: string): string {
  return unread === 0 ? 'Conversations' : `Conversations, ${formatted} unread`;
}
