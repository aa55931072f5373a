/**
 * The directory every conformance test loads into its fresh backend: thirteen members and two
 * groups. Names carry accents and mixed case so that search can be shown to ignore both (S6).
 *
 * Managers are listed only under `managers`: a manager belongs to the group as much as a member
 * does (they see its conversations), and a member has one role in a group.
 */
import { createClientId } from '../../core/ids.js';
import type { DirectoryData, PartyRef } from '../../core/types.js';

export const MEMBER_NAMES = {
  ana: 'Ana Álvarez',
  bo: 'Bo Berg',
  cy: 'Cyrille Çelik',
  di: 'Dilnoza Karimova',
  ed: 'Edmund Osei',
  fa: 'Fatima Zahra',
  gu: 'Gunnar Øberg',
  hu: 'Huong Nguyễn',
  io: 'Ioana Popescu',
  ju: 'Julián Ortega',
  ka: 'Kaito Sato',
  lu: 'Lucía Méndez',
  zo: 'Zoë Ångström',
} as const;

export type FixtureMember = keyof typeof MEMBER_NAMES;

export const GROUP_NAMES = {
  translators: 'Translators Guild',
  events: 'Événements Committee',
} as const;

export type FixtureGroup = keyof typeof GROUP_NAMES;

/**
 * translators: managed by ana; bo and cy are members.
 * events: managed by di; ed and fa are members.
 * Everyone else (gu … zo) belongs to no group; zo is the usual outsider.
 */
export const DIRECTORY: DirectoryData = {
  members: Object.entries(MEMBER_NAMES).map(([id, name]) => ({ id, name })),
  groups: [
    { id: 'translators', name: GROUP_NAMES.translators, managers: ['ana'], members: ['bo', 'cy'] },
    { id: 'events', name: GROUP_NAMES.events, managers: ['di'], members: ['ed', 'fa'] },
  ],
};

export function member(id: string): PartyRef {
  return { kind: 'member', id };
}

export function group(id: string): PartyRef {
  return { kind: 'group', id };
}

export function members(...ids: string[]): PartyRef[] {
  return ids.map(member);
}

/** A fresh client-made id, as the client would make one. */
export function newClientId(): string {
  return createClientId();
}

const ROTATIONS: readonly string[] = [
  '0123456789',
  'abcdef',
  'ABCDEF',
  'ghijklmnopqrstuvwxyz',
  'GHIJKLMNOPQRSTUVWXYZ',
];

/**
 * An id of the same shape as a real one that names nothing: a "never existed" id whose refusal
 * can be compared with a hidden one's (S5). A long id (a UUID, a random token) has each letter
 * and digit rotated, so a UUID stays a UUID; a short one (a sequence number, which rotating
 * could turn into a neighbour's) is lengthened with characters of its own kind.
 */
export function ghostId(realId: string): string {
  if (realId.length < 16)
    return realId + (/\d$/.test(realId) ? '90909' : /[a-z]$/i.test(realId) ? 'qzqzq' : '-q');
  const rotated = Array.from(realId, (char) => {
    const set = ROTATIONS.find((chars) => chars.includes(char));
    return set ? set[(set.indexOf(char) + 1) % set.length] : char;
  }).join('');
  return rotated === realId ? `${realId}-q` : rotated;
}
