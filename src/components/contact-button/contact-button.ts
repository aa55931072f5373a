import { html, nothing, svg, type PropertyValues } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { property } from 'lit/decorators.js';
import { ConvElement } from '../../internal/conv-element.js';
import { warn } from '../../internal/dev-mode.js';
import { ViewerController } from '../../context/viewer-controller.js';
import { LocaleController } from '../../i18n/locale-controller.js';
import { initialState, Task, TaskStatus } from '@lit/task';
import { partyKey, type Conversation, type PartyRef } from '../../core/types.js';
import type { ConversationsClient } from '../../client/conversations-client.js';
import { ConvOpenConversationEvent } from '../../events/open-conversation.js';
import { visuallyHidden } from '../../internal/visually-hidden.styles.js';
import { contactButtonStyles } from './contact-button.styles.js';
import { ComposeHostController } from '../../internal/compose-host.js';
import { iconButton } from '../../internal/icon-button.styles.js';
import { tooltipStyles } from '../../internal/tooltip.styles.js';
import { contactButtonEnglish } from '../../i18n/en/contact-button.js';
import { addEnglish } from '../../i18n/strings-for.js';

// Its English loads with it, not with the first view (i18n/en/contact-button.ts).
addEnglish(contactButtonEnglish);

const icon = svg`
  <path d="M4 5.5A2.5 2.5 0 0 1 6.5 3h11A2.5 2.5 0 0 1 20 5.5v8a2.5 2.5 0 0 1-2.5 2.5H10l-4.5 4v-4A2.5 2.5 0 0 1 4 13.5z"
    fill="none" stroke="currentColor" stroke-width="1.8" stroke-linejoin="round" />
  <path d="M8 8.5h8M8 11.5h5" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" />
`;

/**
 * The contact icon for a member's or a group's profile page (S8, S19). When the viewer already
 * has the one-to-one conversation with that member or group, it fires `conv-open-conversation`
 * for the page to open it (the event the notifier fires: a portal routes both to its inbox); a
 * page that does not take the event (does not cancel it) gets compose, whose message continues
 * that same conversation. Otherwise it opens compose as a dialog with the member or group
 * already chosen. When the member does not accept messages from the viewer it is disabled, with
 * the reason as its description. On the viewer's own profile it renders nothing. For a signed-out
 * visitor (no client) with `sign-in-href`, it is a link to sign in. Compose's code is loaded the
 * first time it is opened.
 *
 * The existing conversation is looked for in the viewer's conversation list, read when the
 * button is pressed (cache first): a profile page asks nothing more of the backend until then,
 * and a conversation too old for the loaded pages is still continued, not duplicated.
 *
 * @tagname conv-contact-button
 * @summary A profile's contact button: "Send a message to <name>", opening compose.
 *
 * @fires {ConvConversationStartedEvent} conv-conversation-started - From the compose it opens.
 * @fires {ConvOpenConversationEvent} conv-open-conversation - When the one-to-one conversation exists; cancel it once opened.
 *
 * @slot guidance - The portal's guidance, passed on to compose.
 *
 * @csspart base - The button (or, signed out, the sign-in link).
 * @csspart reason - Why it is disabled (the member does not accept messages from the viewer).
 * @csspart icon - The contact icon.
 * @csspart compose-* - Every part of the compose dialog, prefixed (`compose-dialog`, `compose-send-button`…).
 *
 * @cssprop [--conv-color-focus=#1a5fb4] - The focus ring.
 * @cssprop [--conv-radius=0.5rem] - Corner radius.
 * @cssprop [--conv-contact-button-size=2.5rem] - The target size (never below 24px).
 * @cssprop [--conv-contact-button-icon-size=1.5rem] - The icon's size.
 * @cssprop [--conv-contact-button-color=currentColor] - The icon's colour.
 * @cssprop [--conv-contact-button-background=transparent] - The button's background.
 * @cssprop [--conv-contact-button-border-color=currentColor] - The button's border.
 * @cssprop [--conv-color-scheme=light dark] - `light` or `dark` forces one, nested elements too; by default, the system's.
 */
export class ConvContactButton extends ConvElement {
  static override styles = [iconButton, tooltipStyles, contactButtonStyles, visuallyHidden];

  /** The id of the member whose profile this is. */
  @property() member?: string;

  /** The id of the group whose profile this is (when `member` is not set). */
  @property() group?: string;

  /** The member's or group's name; looked up in the directory when absent. */
  @property() name?: string;

  /** Passed on to compose: the portal's code of conduct. */
  @property({ attribute: 'code-of-conduct-href' }) codeOfConductHref?: string;

  /** Passed on to compose: the portal's guidance, as text. */
  @property() guidance?: string;

  /** Where a signed-out visitor signs in: with no client, the button is this link. */
  @property({ attribute: 'sign-in-href' }) signInHref?: string;

  private readonly viewer = new ViewerController(this);
  private readonly locale = new LocaleController(this);

  /** Compose's code is loaded, and its dialog rendered, the first time it is opened. */
  private readonly compose = new ComposeHostController(this);

  /** The member or group this button writes to, or undefined when neither is set. */
  get recipient(): PartyRef | undefined {
    if (this.member) return { kind: 'member', id: this.member };
    if (this.group) return { kind: 'group', id: this.group };
    return undefined;
  }

  /** True on the viewer's own profile (nothing is offered there). */
  get isSelf(): boolean {
    const viewer = this.viewer.value;
    return Boolean(viewer && this.member && viewer.member.id === this.member);
  }

  /**
   * Opens the one-to-one conversation with this button's recipient if there is one (see the
   * class), otherwise compose. Does nothing on the viewer's own profile or when the member does
   * not accept the viewer.
   */
  async show(): Promise<void> {
    const recipient = this.recipient;
    if (!this.isConnected || !recipient || this.isSelf || this.refused) return;
    const client = this.viewer.client;
    const existing = client && (await oneToOne(client, recipient));
    if (existing && !this.dispatchEvent(new ConvOpenConversationEvent(existing.id))) return;
    await this.compose.show({ recipients: [recipient] });
  }

  /** True when the directory says the member does not accept messages from the viewer (S14, S15). */
  private get refused(): boolean {
    const party = this.lookUp.status === TaskStatus.COMPLETE ? this.lookUp.value : undefined;
    return party?.kind === 'member' && party.accepting === false;
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    if (this.member && this.group && (changed.has('member') || changed.has('group'))) {
      warn('<conv-contact-button> has both `member` and `group`; using `member`.');
    }
  }

  /** The recipient from the directory: its name (when the page gave none) and whether it accepts the viewer. */
  private readonly lookUp = new Task(this, {
    // Asked even when the page gave a name, where the backend can say the member does not accept the viewer.
    args: () => {
      const client = this.viewer.client;
      const asks = !this.name || client?.can('accept-setting') || client?.can('member-blocks');
      return [asks ? this.recipient : undefined, client] as const;
    },
    task: async ([recipient, client], { signal }) => {
      if (!recipient || !client) return initialState;
      return client.getParty(recipient, { signal });
    },
    // The same member or group, asked for again (a new `{ kind, id }` object), is not looked up twice.
    argsEqual: ([a, clientA], [b, clientB]) =>
      clientA === clientB && (a && b ? partyKey(a) === partyKey(b) : a === b),
    onError: (error) => {
      const recipient = this.recipient;
      warn(
        `<conv-contact-button> could not find ${recipient ? partyKey(recipient) : 'its recipient'}.`,
        error,
      );
    },
  });

  override render() {
    const strings = this.locale.strings;
    const found = this.lookUp.status === TaskStatus.COMPLETE ? this.lookUp.value : undefined;
    const name = this.name || found?.name;
    const picture = html`<svg part="icon" viewBox="0 0 24 24" aria-hidden="true">${icon}</svg>`;
    // Signed out: no client to ask, so no viewer will come; the page says where to sign in.
    if (!this.viewer.client && this.signInHref && this.recipient) {
      const signIn = strings.contactSignIn(name);
      return html`<a part="base" href=${this.signInHref} aria-label=${signIn} data-tooltip=${signIn}
        >${picture}</a
      >`;
    }
    // Nothing until the viewer is known: on their own profile there must never be a button.
    if (!this.viewer.value || !this.recipient || this.isSelf || !name) return nothing;
    const refused = this.refused;
    const label = strings.contactButtonLabel(name);
    return html`<button
        part="base"
        type="button"
        aria-label=${label}
        data-tooltip=${label}
        aria-haspopup=${ifDefined(refused ? undefined : 'dialog')}
        aria-disabled=${ifDefined(refused ? 'true' : undefined)}
        aria-describedby=${refused ? 'reason' : nothing}
        @click=${() => void this.show()}
      >
        ${picture}
      </button>
      ${
        refused
          ? html`<span part="reason" id="reason" class="visually-hidden">${strings.notAccepting(name)}</span>`
          : nothing
      }
      ${this.compose.render(true)}`;
  }
}

/** The viewer's one-to-one conversation with `recipient`, among the conversations loaded (cache first). */
async function oneToOne(client: ConversationsClient, recipient: PartyRef): Promise<Conversation | undefined> {
  const store = client.conversations;
  // Subscribing loads the list if nobody has; wait (briefly) for it to be known.
  await new Promise<void>((resolve) => {
    const timer = setTimeout(done, 3000);
    const stop = store.subscribe(check);
    function check() {
      const { status, items } = store.value;
      if (status === 'ready' || status === 'error' || items.length > 0) done();
    }
    function done() {
      clearTimeout(timer);
      queueMicrotask(() => stop());
      resolve();
    }
    check();
  });
  const viewerId = client.viewer.value?.member.id;
  const key = partyKey(recipient);
  return store.value.items.find(
    ({ participants }) =>
      participants.length === 2 &&
      participants.some((p) => partyKey(p) === key) &&
      participants.some((p) => p.kind === 'member' && p.id === viewerId),
  );
}
