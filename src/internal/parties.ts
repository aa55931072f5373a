/**
 * How a party (a member or a group) is shown wherever an element names one: who else is in a
 * conversation, their names as one phrase, an avatar's initials, and which picture URLs are safe
 * to load. One module, so that the list, the thread, compose and the notifier agree.
 */
import { html, nothing } from 'lit';
import type { Conversation, Message, Party, Viewer } from '../core/types.js';

/**
 * The other people and groups in a conversation: everyone but the viewer. A conversation with
 * nobody else (it should not exist) shows all its participants rather than nothing.
 */
export function otherParticipants(conversation: Conversation, viewer: Viewer | undefined): readonly Party[] {
  if (!viewer) return conversation.participants;
  const others = conversation.participants.filter(
    (party) => !(party.kind === 'member' && party.id === viewer.member.id),
  );
  return others.length > 0 ? others : conversation.participants;
}

/** The element's names for members the portal hides (S16, S17): the data carries no name for them. */
export interface HiddenPartyNames {
  readonly partyBlocked: string;
  readonly partyDeleted: string;
}

/**
 * A party as it is shown: a blocked or deleted member gets the element's "Blocked member" /
 * "Deleted member" for a name (their initials then come from it); anyone else is unchanged.
 */
export function shownParty<P extends Party>(party: P, names: HiddenPartyNames): P {
  if (party.kind !== 'member' || party.status === undefined) return party;
  return { ...party, name: party.status === 'blocked' ? names.partyBlocked : names.partyDeleted };
}

/** `shownParty` of each. */
export function shownParties<P extends Party>(parties: readonly P[], names: HiddenPartyNames): P[] {
  return parties.map((party) => shownParty(party, names));
}

/** Who a message is from, as a reader would say it: the group when written on its behalf. */
export function senderName(message: Message): string {
  return message.onBehalfOf ? message.onBehalfOf.name : message.author.name;
}

/**
 * Only http(s) links and pictures from data are used: never `javascript:` or `data:`. Relative
 * URLs resolve against the page. Anything else gives undefined (a picture falls back to initials).
 */
export function safeUrl(value: string | undefined): string | undefined {
  if (!value) return undefined;
  try {
    const url = new URL(value, document.baseURI);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

let graphemes: Intl.Segmenter | undefined;

/** The first user-perceived character: a flag, a family emoji or a letter with its marks. */
function firstGrapheme(text: string): string {
  graphemes ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  for (const { segment } of graphemes.segment(text)) return segment;
  return '';
}

/** True for a letter of a script with capitals (Latin, Greek, Cyrillic…), where initials are usual. */
function isCased(grapheme: string): boolean {
  return grapheme.toLocaleUpperCase() !== grapheme.toLocaleLowerCase();
}

/**
 * What an avatar without a picture shows. For names in a script with capitals, the first letters
 * of the first and the last word ("Maria Fernanda Gonçalves de Albuquerque e Silva" → "MS").
 * Elsewhere the first character of the name alone: Arabic and Hebrew do not abbreviate names by
 * initials, and two Arabic letters side by side join into a word ("ل" + "ا" draws "لا", "no");
 * CJK names and emoji are one character already. Characters are graphemes, so a flag, a family
 * emoji or a letter with combining marks is never cut in half.
 */
export function initials(name: string, locale?: string): string {
  const words = name.trim().split(/\s+/u).filter(Boolean);
  if (words.length === 0) return '';
  const first = firstGrapheme(words[0]);
  const last = words.length > 1 ? firstGrapheme(words[words.length - 1]) : '';
  // A letter without capitals (Arabic, Hebrew, CJK…) stands alone; an emoji may lead initials.
  const caseless = /^\p{L}/u.test(first) && !isCased(first);
  const pair = !caseless && isCased(last) ? first + last : first;
  // Georgian has capitals (Mtavruli) for headings only: its initials stay as written.
  return /\p{Script=Georgian}/u.test(pair) ? pair : pair.toLocaleUpperCase(locale);
}

/**
 * Names as one phrase in the locale's list style ("Ana, Ben and Team Blue"), with each group
 * marked. `formatToParts` keeps the locale's separators while letting each name be its own node.
 * Styled by `partyStyles`.
 */
export function renderPartyNames(parties: readonly Party[], locale: string, groupLabel: string) {
  const parts = new Intl.ListFormat(locale, { type: 'conjunction' }).formatToParts(
    parties.map((party) => party.name),
  );
  let index = 0;
  return parts.map((part) => {
    if (part.type === 'literal') return part.value;
    const party = parties[index++];
    // Each name is isolated with its own direction (CSS unicode-bidi: plaintext), so an Arabic
    // name next to a Latin one keeps its own order. Not dir="auto" on the name: that would hide
    // it from the dir="auto" of the whole line, which takes its direction from the first name.
    return html`<span class="party">${party.name}</span>${
        party.kind === 'group' ? html` <span class="kind">${groupLabel}</span>` : nothing
      }`;
  });
}
