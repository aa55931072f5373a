/**
 * The thread's presence (S27–S29): "Seen" / "Seen by …" under the member's own newest message,
 * "… is typing" under the log, announced once per burst, and the header's Mute and Leave.
 */
import { html, nothing, type ReactiveControllerHost } from 'lit';
import type { ConversationsClient } from '../../client/conversations-client.js';
import type { PresenceState } from '../../client/services/presence-service.js';
import type { Conversation, Viewer } from '../../core/types.js';
import type { LocaleController } from '../../i18n/locale-controller.js';

/** Names "Seen by" spells out before it says "and N others". */
const NAMED_READERS = 2;

export const NO_PRESENCE: PresenceState = Object.freeze({ typing: Object.freeze([]) });

/** A conversation of exactly two members: "Seen" says enough, and it cannot be left. */
export function isOneToOne(conversation: Conversation): boolean {
  return (
    conversation.participants.length === 2 &&
    conversation.participants.every((party) => party.kind === 'member')
  );
}

/** What the member's own newest message says about who read it, if anything. */
export function seenText(
  locale: LocaleController,
  conversation: Conversation,
  presence: PresenceState,
  messageId: string,
): string | undefined {
  const seen = presence.seenBy;
  if (!seen || seen.messageId !== messageId || seen.readers.length === 0) return undefined;
  if (isOneToOne(conversation)) return locale.strings.threadSeen;
  const names = seen.readers.map((reader) => reader.name);
  // Three names read as easily as two and "1 other": name them all up to there.
  const named = names.length <= NAMED_READERS + 1 ? names : names.slice(0, NAMED_READERS);
  const others = names.length - named.length;
  return locale.strings.threadSeenBy(named, others, locale.number(others));
}

/**
 * Typing: shown while it lasts (hidden from screen readers, which would otherwise hear every
 * change), and announced once, politely, when a burst begins; nothing more until it ends.
 */
export class TypingAnnouncer {
  announcement = '';
  private burst = false;

  constructor(private readonly host: ReactiveControllerHost) {}

  /** Called before each render with who is typing now. */
  follow(locale: LocaleController, presence: PresenceState): void {
    const typing = presence.typing.length > 0;
    if (typing && !this.burst) this.announcement = locale.strings.threadTyping(names(presence));
    if (!typing) this.announcement = '';
    this.burst = typing;
  }

  reset(): void {
    this.burst = false;
    this.announcement = '';
    this.host.requestUpdate();
  }
}

function names(presence: PresenceState): string[] {
  return presence.typing.map((member) => member.name);
}

export function renderTyping(locale: LocaleController, presence: PresenceState, announcement: string) {
  return html`<p part="typing" class="typing" aria-hidden="true">
      ${presence.typing.length > 0 ? locale.strings.threadTyping(names(presence)) : nothing}
    </p>
    <div class="visually-hidden" role="status" aria-live="polite">${announcement}</div>`;
}

/** What the header's presence controls need from the thread. */
export interface HeaderActions {
  readonly client: ConversationsClient | undefined;
  readonly conversation: Conversation;
  readonly viewer: Viewer | undefined;
  readonly locale: LocaleController;
  /** "Leave?" is being asked. */
  readonly confirming: boolean;
  readonly confirm: (asking: boolean) => void;
}

/** Mute / Unmute, and Leave for a conversation of several people the member is named in. */
export function renderHeaderActions(actions: HeaderActions) {
  const { client, conversation, viewer, locale } = actions;
  const strings = locale.strings;
  if (!client) return nothing;
  const muted = conversation.muted === true;
  const named = conversation.participants.some(
    (party) => party.kind === 'member' && party.id === viewer?.member.id,
  );
  const leavable = client.can('leave') && named && !isOneToOne(conversation);
  return html`${
    client.can('mute')
      ? html`<button
          class="quiet"
          type="button"
          aria-pressed=${muted ? 'true' : 'false'}
          @click=${() => void client.setMuted(conversation.id, !muted).catch(() => undefined)}
        >
          ${strings.threadMute}
        </button>`
      : nothing
  }
  ${
    leavable && !actions.confirming
      ? html`<button class="quiet leave-open" type="button" @click=${() => actions.confirm(true)}>
          ${strings.threadLeave}
        </button>`
      : nothing
  }
  ${muted ? html`<p part="muted" class="muted">${strings.threadMuted}</p>` : nothing}
  ${
    leavable && actions.confirming
      ? html`<div part="leave" class="leave" role="group" aria-label=${strings.threadLeave}>
          <p>${strings.threadLeaveConfirm}</p>
          <button
            type="button"
            @click=${() => void client.leave(conversation.id).catch(() => actions.confirm(false))}
          >
            ${strings.threadLeaveYes}
          </button>
          <button class="quiet" type="button" @click=${() => actions.confirm(false)}>
            ${strings.threadLeaveNo}
          </button>
        </div>`
      : nothing
  }`;
}
