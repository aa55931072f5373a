/**
 * What the demo pages share: the demo portal's backend (one IndexedDB database, seeded once),
 * and the member list for the "viewing as" switches, with managers marked.
 */
import { LocalBackend } from '../src/adapters/local/index.js';
import { DEMO_DIRECTORY } from '../src/adapters/local/demo-directory.js';
import type { Member } from '../src/core/types.js';

export const backend = new LocalBackend({ name: 'conv-elements-demo' });

/** The demo members, by name, once the demo portal is seeded. */
export async function demoMembers(): Promise<Member[]> {
  await backend.seedDemo();
  return backend.listMembers();
}

/** "Amara Okafor — manages Translators": so a designer can find a group manager to view as. */
export function memberLabel(member: Member): string {
  const managed = DEMO_DIRECTORY.groups.filter((group) => group.managers.includes(member.id));
  return managed.length === 0
    ? member.name
    : `${member.name} — manages ${managed.map((group) => group.name).join(', ')}`;
}

export function fillMemberSelect(
  select: HTMLSelectElement,
  members: readonly Member[],
  chosen: string,
): void {
  select.replaceChildren(
    ...members.map((member) => new Option(memberLabel(member), member.id, false, member.id === chosen)),
  );
}
