/**
 * S18: the list's "My groups" filter. For a viewer who reads the conversations of any group (and
 * a backend with the `group-readers` capability): a choice of "All conversations" or one group,
 * each with its unread count, asked of the backend again whenever the viewer's unread totals move.
 *
 * The counts are asked for only once the filter is on screen and the list's page has arrived:
 * counting a group's inbox reads every conversation of it (thousands in a large portal), and
 * asked for earlier it would run ahead of the list's first page, which waits behind it.
 */
import { html, nothing, type ReactiveControllerHost } from 'lit';
import { ClientStoreController } from '../../context/store-controller.js';
import type { Conversation, Group, GroupId, GroupUnread, UnreadSummary, Viewer } from '../../core/types.js';
import type { LocaleController } from '../../i18n/locale-controller.js';

/** The groups whose conversations the viewer reads: those they manage, and those read by every member. */
export function readableGroups(viewer: Viewer | undefined): readonly Group[] {
  if (!viewer) return [];
  const managed = new Set(viewer.managedGroups.map((group) => group.id));
  return viewer.groups.filter((group) => managed.has(group.id) || group.readers !== 'managers');
}

/** The groups, among those the viewer reads, a conversation is held with: what its row says it is "for". */
export function groupsOf(conversation: Conversation, readable: readonly Group[]): readonly Group[] {
  return readable.filter((group) =>
    conversation.participants.some((party) => party.kind === 'group' && party.id === group.id),
  );
}

/** Nothing unread, until the client knows (elements take only types from the client). */
const NO_UNREAD: UnreadSummary = Object.freeze({ total: 0, conversations: 0 });

export class GroupFilterController extends ClientStoreController<UnreadSummary> {
  /** The group chosen, or none: every conversation. */
  selected?: GroupId;
  counts: readonly GroupUnread[] = [];
  private askedFor?: UnreadSummary;
  /** Set by each render: whether the filter is shown over a list whose page has arrived. */
  private wanted?: boolean;

  constructor(host: ReactiveControllerHost & HTMLElement) {
    super(host, (client) => client.unread, NO_UNREAD);
  }

  hostUpdated(): void {
    const totals = this.value;
    // Wanted only when shown, so with a client that has the capability.
    if (!this.wanted || totals === this.askedFor) return;
    this.askedFor = totals;
    this.followedClient!.unreadByGroup().then(
      (counts) => {
        this.counts = counts;
        this.host.requestUpdate();
      },
      // The filter keeps its last counts; the list itself reports a backend that is down.
      () => undefined,
    );
  }

  /**
   * The filter over `groups`, nothing when there are none. `settled`: the list's page has arrived
   * (or failed), so the counts may be asked for without holding it up.
   */
  render(
    groups: readonly Group[],
    settled: boolean,
    locale: LocaleController,
    onChange: (id: GroupId | undefined) => void,
  ) {
    // Served only by a backend with the capability.
    const shown = groups.length > 0 && this.followedClient?.can('group-readers');
    this.wanted = shown && settled;
    if (!shown) return nothing;
    const strings = locale.strings;
    return html`<label part="group-filter" class="group-filter">
      <span>${strings.listMyGroups}</span>
      <select
        @change=${(event: Event) => {
          // "All conversations" is the empty value; a group's id never is.
          onChange((event.target as HTMLSelectElement).value || undefined);
        }}
      >
        <option value="" ?selected=${this.selected === undefined}>${strings.listAllConversations}</option>
        ${groups.map((group) => {
          const count = this.counts.find((entry) => entry.groupId === group.id)?.total ?? 0;
          return html`<option value=${group.id} ?selected=${this.selected === group.id}>
            ${strings.listGroupUnread(group.name, count, locale.number(count))}
          </option>`;
        })}
      </select>
    </label>`;
  }
}
