import { html, nothing, svg, type PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import { ConvElement } from '../../internal/conv-element.js';
import { warn } from '../../internal/dev-mode.js';
import { ViewerController } from '../../context/viewer-controller.js';
import { LocaleController } from '../../i18n/locale-controller.js';
import { initialState, Task, TaskStatus } from '@lit/task';
import { partyKey, type PartyRef } from '../../core/types.js';
import { contactButtonStyles } from './contact-button.styles.js';
import { ComposeHostController } from '../../internal/compose-host.js';
import { iconButton } from '../../internal/icon-button.styles.js';
import { tooltipStyles } from '../../internal/tooltip.styles.js';

const icon = svg`
  <path d="M4 5.5A2.5 2.5 0 0 1 6.5 3h11A2.5 2.5 0 0 1 20 5.5v8a2.5 2.5 0 0 1-2.5 2.5H10l-4.5 4v-4A2.5 2.5 0 0 1 4 13.5z"
    fill="none" stroke="currentColor" stroke-width="1.8" stroke-linejoin="round" />
  <path d="M8 8.5h8M8 11.5h5" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" />
`;

/**
 * The contact icon for a member's or a group's profile page (S8). It opens compose as a dialog
 * with that member or group already chosen. On the viewer's own profile it renders nothing: a
 * member does not message themselves. Compose's code is loaded the first time it is opened.
 *
 * @tagname conv-contact-button
 * @summary A profile's contact button: "Send a message to <name>", opening compose.
 *
 * @fires {ConvConversationStartedEvent} conv-conversation-started - From the compose it opens.
 *
 * @slot guidance - The portal's guidance, passed on to compose.
 *
 * @csspart base - The button.
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
  static override styles = [iconButton, tooltipStyles, contactButtonStyles];

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

  /** Opens compose with this button's recipient. Does nothing on the viewer's own profile. */
  async show(): Promise<void> {
    const recipient = this.recipient;
    if (!this.isConnected || !recipient || this.isSelf) return;
    await this.compose.show({ recipients: [recipient] });
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    if (this.member && this.group && (changed.has('member') || changed.has('group'))) {
      warn('<conv-contact-button> has both `member` and `group`; using `member`.');
    }
  }

  /** The recipient's name from the directory, when the page did not give one. */
  private readonly lookUp = new Task(this, {
    args: () => [this.name ? undefined : this.recipient, this.viewer.client] as const,
    task: async ([recipient, client], { signal }) => {
      if (!recipient || !client) return initialState;
      return (await client.getParty(recipient, { signal })).name;
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
    const name = this.name || (this.lookUp.status === TaskStatus.COMPLETE ? this.lookUp.value : undefined);
    // Nothing until the viewer is known: on their own profile there must never be a button.
    if (!this.viewer.value || !this.recipient || this.isSelf || !name) return nothing;
    const label = this.locale.strings.contactButtonLabel(name);
    return html`<button
        part="base"
        type="button"
        aria-label=${label}
        data-tooltip=${label}
        aria-haspopup="dialog"
        @click=${() => void this.show()}
      >
        <svg part="icon" viewBox="0 0 24 24" aria-hidden="true">${icon}</svg>
      </button>
      ${this.compose.render(true)}`;
  }
}
