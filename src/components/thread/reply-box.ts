import { html, nothing, type ReactiveControllerHost } from 'lit';
import { live } from 'lit/directives/live.js';
import type { ConversationsClient } from '../../client/conversations-client.js';
import { isConvError } from '../../core/errors.js';
import type { Policy } from '../../core/policy.js';
import type { Conversation, ConversationId, Group, Viewer } from '../../core/types.js';
import type { LocaleController } from '../../i18n/locale-controller.js';
import { bodyErrorText, MessageFieldController, sendErrorText } from '../../internal/message-field.js';
import { renderSendAs } from '../../internal/send-as.js';

export interface ReplyBoxOptions {
  readonly client: () => ConversationsClient | undefined;
  /** The conversation replied to: its id, and once loaded, the conversation. */
  readonly id: () => ConversationId | undefined;
  readonly conversation: () => Conversation | undefined;
  readonly viewer: () => Viewer | undefined;
  readonly policy: () => Policy;
  readonly locale: LocaleController;
}

/**
 * The thread's reply form: who to reply as (for a manager of a group in the conversation), the
 * message field with its counter, and why a reply was refused. Enter sends; Shift+Enter starts a
 * new line. A reply refused outright keeps its text; a failed delivery shows on the message.
 */
export class ReplyBoxController {
  /** The group the member replies for (a participant group they manage), or '' for themselves. */
  private sendAs?: string;
  private sendError?: string;

  private readonly field: MessageFieldController;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly options: ReplyBoxOptions,
  ) {
    this.field = new MessageFieldController(host, {
      policy: options.policy,
      locale: options.locale,
      // The refusal was about the old text; the counter speaks for the new one.
      onEdit: () => this.setError(undefined),
    });
  }

  /** Starts over, for another conversation. */
  reset(): void {
    this.field.value = '';
    this.sendAs = undefined;
    this.setError(undefined);
  }

  private setError(text: string | undefined) {
    if (text === this.sendError) return;
    this.sendError = text;
    this.host.requestUpdate();
  }

  /** Participant groups the viewer manages: they may reply for one of these (S4). */
  private get groupsToSendAs(): readonly Group[] {
    const participants = this.options.conversation()?.participants ?? [];
    return (this.options.viewer()?.managedGroups ?? []).filter((group) =>
      participants.some((party) => party.kind === 'group' && party.id === group.id),
    );
  }

  /** Who a reply goes out as: what the member chose, else the group that started it, if theirs. */
  private get effectiveSendAs(): string {
    const groups = this.groupsToSendAs;
    if (
      this.sendAs !== undefined &&
      (this.sendAs === '' || groups.some((group) => group.id === this.sendAs))
    ) {
      return this.sendAs;
    }
    const startedBy = this.options.conversation()?.startedBy;
    return startedBy?.kind === 'group' && groups.some((group) => group.id === startedBy.id)
      ? startedBy.id
      : '';
  }

  render() {
    const strings = this.options.locale.strings;
    const field = this.field;
    const groups = this.groupsToSendAs;
    const viewer = this.options.viewer();
    return html`<form part="composer" @submit=${this.onSubmit} novalidate>
      ${
        groups.length && viewer
          ? renderSendAs({
              legend: strings.composeSendAs,
              choices: [{ id: '', name: strings.composeSendAsSelf(viewer.member.name) }, ...groups],
              value: this.effectiveSendAs,
              onChange: (id) => {
                this.sendAs = id;
                this.host.requestUpdate();
              },
            })
          : nothing
      }
      <label for="reply">${strings.threadReply}</label>
      <textarea
        id="reply"
        part="input"
        rows="2"
        .value=${live(field.value)}
        aria-describedby="counter"
        aria-invalid=${field.over ? 'true' : 'false'}
        aria-errormessage="send-error"
        @input=${field.onInput}
        @keydown=${this.onKeyDown}
      ></textarea>
      <button part="send" type="submit">${strings.threadSend}</button>
      <span id="counter" part="counter" class=${field.over ? 'over' : ''}>${field.counterText}</span>
      <p id="send-error" class="send-error error" role="alert">${this.sendError ?? nothing}</p>
    </form>`;
  }

  private readonly onKeyDown = (event: KeyboardEvent) => {
    // While an input method composes, Enter confirms the composition; it must not send.
    if (event.key !== 'Enter' || event.shiftKey || event.isComposing) return;
    event.preventDefault();
    void this.send();
  };

  private readonly onSubmit = (event: SubmitEvent) => {
    event.preventDefault();
    void this.send();
  };

  private async send() {
    const client = this.options.client();
    const id = this.options.id();
    if (!client || !id) return;
    const locale = this.options.locale;
    const check = this.field.check;
    if (!check.ok) {
      this.setError(bodyErrorText(locale, check.error));
      return;
    }
    const draft = this.field.value;
    this.field.value = '';
    this.setError(undefined);
    try {
      const asGroup = this.effectiveSendAs;
      await client.send(id, check.text, asGroup ? { asGroup } : {});
    } catch (error) {
      // Refused outright (not a failed delivery, which the message itself shows): keep the text.
      if (this.field.value === '') this.field.value = draft;
      this.setError(
        isConvError(error)
          ? sendErrorText(locale, error.toJSON())
          : error instanceof Error
            ? error.message
            : String(error),
      );
    }
  }
}
