/**
 * The thread's editing parts, loaded on first use (S25, S26): the field that edits one of the
 * member's messages in place (the reply box's `MessageFieldController`: the same counter and the
 * same refusals), and the picker of the portal's reactions. One message at a time has either
 * open; Escape closes it and focus goes back to the button that opened it.
 */
import { html, type ReactiveController, type ReactiveControllerHost } from 'lit';
import type { ClientMessage, ConversationsClient } from '../../client/conversations-client.js';
import { DEFAULT_POLICY, type Policy } from '../../core/policy.js';
import type { LocaleController } from '../../i18n/locale-controller.js';
import { bodyErrorText, MessageFieldController } from '../../internal/message-field.js';
import { messageEditorEnglish } from '../../i18n/en/message-editor.js';
import { addEnglish } from '../../i18n/strings-for.js';

// Its English loads with it, not with the first view (i18n/en/message-editor.ts).
addEnglish(messageEditorEnglish);

export interface MessageEditorOptions {
  readonly client: () => ConversationsClient | undefined;
  readonly policy: () => Policy;
  readonly locale: LocaleController;
  /** Runs a change, saying in the thread's feedback region what it could not do. */
  readonly change: (request: Promise<unknown> | undefined) => void;
}

type Open = { readonly kind: 'edit' | 'pick'; readonly id: string; readonly opener?: HTMLElement };

export class MessageEditor implements ReactiveController {
  private open?: Open;
  private saving = false;
  private readonly field: MessageFieldController;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly options: MessageEditorOptions,
  ) {
    host.addController(this);
    this.field = new MessageFieldController(host, { policy: options.policy, locale: options.locale });
  }

  hostUpdated(): void {
    // Focus moves into what just opened: the field, or the first reaction.
    const target = this.host.shadowRoot?.querySelector<HTMLElement>('[data-focus-me]');
    if (target) {
      target.removeAttribute('data-focus-me');
      target.focus();
    }
  }

  /** Opens the field on `message`; `opener` gets focus back when it closes. */
  edit(message: ClientMessage, opener: HTMLElement | undefined): void {
    this.field.value = message.body;
    this.show({ kind: 'edit', id: message.id, opener });
  }

  /** Opens (or closes again) the reaction picker on `message`. */
  pick(message: ClientMessage, opener: HTMLElement | undefined): void {
    if (this.open?.kind === 'pick' && this.open.id === message.id) return this.close();
    this.show({ kind: 'pick', id: message.id, opener });
  }

  /** What replaces the body (the edit field) or follows it (the picker); nothing when closed here. */
  render(message: ClientMessage): unknown {
    const open = this.open;
    if (open?.id !== message.id) return undefined;
    return open.kind === 'edit'
      ? this.renderField(message)
      : html`<p part="body" dir="auto">${message.body}</p>
          ${this.renderPicker(message)}`;
  }

  private renderField(message: ClientMessage) {
    const strings = this.options.locale.strings;
    const field = this.field;
    const check = field.check;
    const id = `edit-${message.id}`;
    return html`<form
      class="edit"
      @submit=${(event: Event) => this.save(event, message)}
      @keydown=${this.onKeydown}
    >
      <label class="visually-hidden" for=${id}>${strings.messageEditLabel}</label>
      <textarea
        id=${id}
        part="edit-input"
        dir="auto"
        rows="2"
        data-focus-me
        .value=${field.value}
        @input=${field.onInput}
        aria-describedby=${`${id}-counter`}
        aria-invalid=${check.ok || check.length === 0 ? 'false' : 'true'}
      ></textarea>
      <span id=${`${id}-counter`} class=${field.over ? 'counter error' : 'counter'}>
        ${check.ok || field.value.trim() === '' ? field.counterText : bodyErrorText(this.options.locale, check.error)}
      </span>
      <span class="edit-buttons">
        <button type="submit" ?disabled=${this.saving || !check.ok}>${strings.messageEditSave}</button>
        <button type="button" class="quiet" @click=${() => this.close()}>${strings.messageEditCancel}</button>
      </span>
    </form>`;
  }

  private renderPicker(message: ClientMessage) {
    const strings = this.options.locale.strings;
    const mine = new Set(message.reactions?.filter((r) => r.mine).map((r) => r.emoji));
    const set = this.options.policy().reactions ?? DEFAULT_POLICY.reactions;
    return html`<div
      class="picker"
      role="group"
      aria-label=${strings.reactionPicker}
      @keydown=${this.onKeydown}
    >
      ${set.map(
        (emoji, index) =>
          html`<button
            type="button"
            class="reaction"
            aria-pressed=${mine.has(emoji) ? 'true' : 'false'}
            aria-label=${strings.reactionToggle(emoji)}
            ?data-focus-me=${index === 0}
            @click=${() => {
              this.close();
              this.options.change(
                this.options.client()?.react(message.conversationId, message.id, emoji, !mine.has(emoji)),
              );
            }}
          >
            ${emoji}
          </button>`,
      )}
    </div>`;
  }

  private async save(event: Event, message: ClientMessage): Promise<void> {
    event.preventDefault();
    const client = this.options.client();
    if (!client || this.saving || !this.field.check.ok) return;
    this.saving = true;
    this.host.requestUpdate();
    const request = client.editMessage(message.conversationId, message.id, this.field.value);
    this.options.change(request);
    try {
      await request;
      this.close();
    } catch {
      // The feedback region says why; the field stays open with the text for another try.
    } finally {
      this.saving = false;
      this.host.requestUpdate();
    }
  }

  private readonly onKeydown = (event: KeyboardEvent): void => {
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      this.close();
    } else if (event.key === 'Enter' && !event.shiftKey && event.target instanceof HTMLTextAreaElement) {
      // As in the reply box: Enter saves, Shift+Enter starts a new line.
      event.preventDefault();
      (event.target.form as HTMLFormElement | null)?.requestSubmit();
    }
  };

  private show(open: Open): void {
    this.open = open;
    this.host.requestUpdate();
  }

  private close(): void {
    const opener = this.open?.opener;
    this.open = undefined;
    this.host.requestUpdate();
    // Back where the member was, once the field or picker is gone.
    void this.host.updateComplete.then(() => opener?.isConnected && opener.focus());
  }
}
