import { html, nothing, type ReactiveController, type ReactiveControllerHost } from 'lit';
import type { ConversationsClient } from '../../client/conversations-client.js';
import { isConvError } from '../../core/errors.js';
import type { Conversation, Member, Viewer } from '../../core/types.js';
import type { LocaleController } from '../../i18n/locale-controller.js';

export interface AcceptanceOptions {
  readonly client: () => ConversationsClient | undefined;
  readonly conversation: () => Conversation | undefined;
  readonly viewer: () => Viewer | undefined;
  readonly locale: LocaleController;
  /** Where focus goes when the confirmation closes. */
  readonly focusAfter: () => HTMLElement | null | undefined;
}

interface Facts {
  /** Members named in the conversation who do not accept the viewer (S14, S15). */
  readonly refusing: readonly string[];
  /** In a one-to-one conversation with a member: that member, and whether the viewer blocked them. */
  readonly other?: Member;
  readonly blocked: boolean;
}

/**
 * The thread's part of S14 and S15: whether every member named in the conversation still accepts
 * the viewer (asked with `getParty`, whose `accepting: false` never says why); if not, the reply
 * box gives way to the reason and the history stays readable. In a one-to-one conversation with
 * a member, a Block (or Unblock) action in the header, confirmed before it is done.
 *
 * The facts are asked for again whenever what they depend on changes (the client, the
 * conversation, the viewer, a block or unblock), the request before aborted; the last answer is
 * kept while a new one comes, as `@lit/task` would. Not a `Task`: this is the only one the first
 * view has, and `@lit/task` loads with the elements that need more of it (compose, dialogs).
 */
export class AcceptanceController implements ReactiveController {
  private confirming = false;
  private feedback = '';
  private version = 0;

  /** The last answer (none after a failed request), the inputs it was asked for, the request under way. */
  private facts?: Facts;
  private asked: readonly unknown[] = [];
  private asking?: AbortController;
  /** Settles once the request under way has answered (or failed). */
  private answered: Promise<void> = Promise.resolve();

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement & { renderRoot: ParentNode },
    private readonly options: AcceptanceOptions,
  ) {
    host.addController(this);
  }

  /** The names of members who do not accept the viewer; empty while unknown. */
  get refusing(): readonly string[] {
    return this.facts?.refusing ?? [];
  }

  hostUpdate(): void {
    const { client, conversation, viewer } = this.options;
    const inputs = [client(), conversation()?.id, viewer()?.member.id, this.version];
    if (inputs.every((input, index) => input === this.asked[index])) return;
    this.asked = inputs;
    this.asking?.abort();
    const asking = (this.asking = new AbortController());
    const settle = (facts: Facts | undefined) => {
      if (asking.signal.aborted) return;
      this.facts = facts;
      this.host.requestUpdate();
    };
    this.answered = this.load(asking.signal).then(settle, () => settle(undefined));
  }

  hostDisconnected(): void {
    // Asked again once connected again.
    this.asking?.abort();
    this.asked = [];
  }

  /** Forgets the confirmation and feedback (another conversation was opened). */
  reset(): void {
    this.confirming = false;
    this.feedback = '';
  }

  private async load(signal: AbortSignal): Promise<Facts | undefined> {
    const client = this.options.client();
    const conversation = this.options.conversation();
    const viewer = this.options.viewer();
    if (!client || !conversation || !viewer) return undefined;
    const blocks = client.can('member-blocks');
    if (!client.can('accept-setting') && !blocks) return undefined;
    const members = conversation.participants.filter(
      (party): party is Member => party.kind === 'member' && party.id !== viewer.member.id,
    );
    const [parties, blocked] = await Promise.all([
      Promise.all(members.map((member) => client.getParty(member, { signal }))),
      members.length === 1 && conversation.participants.length === 2 && blocks
        ? client.listBlockedMembers({ signal })
        : undefined,
    ]);
    const refusing = parties.filter((party) => party.kind === 'member' && party.accepting === false);
    return {
      refusing: refusing.map((party) => party.name),
      ...(blocked ? { other: members[0] } : {}),
      blocked: blocked?.some((member) => member.id === members[0]?.id) ?? false,
    };
  }

  /** Block or Unblock, for the thread's header; nothing unless the backend serves blocks. */
  renderAction() {
    const facts = this.facts;
    const other = facts?.other;
    if (!facts || !other) return nothing;
    const strings = this.options.locale.strings;
    if (this.confirming) {
      return html`<div part="block-confirm" role="group" aria-labelledby="block-question">
        <p id="block-question">${strings.blockConfirm(other.name)}</p>
        <button part="block-confirm-button" type="button" @click=${() => void this.setBlock(other, true)}>
          ${strings.block}
        </button>
        <button type="button" class="quiet" @click=${() => this.closeConfirm()}>
          ${strings.reportCancel}
        </button>
      </div>`;
    }
    // A short word to see, so that a long name does not crowd the header on a phone; the name
    // stays in what a screen reader says, which begins with the word seen (label in name).
    return html`<button
      part="block-button"
      class="quiet"
      type="button"
      aria-label=${facts.blocked ? strings.unblockMember(other.name) : strings.blockMember(other.name)}
      @click=${() => (facts.blocked ? void this.setBlock(other, false) : this.openConfirm())}
    >
      ${facts.blocked ? strings.unblock : strings.block}
    </button>`;
  }

  /** What the member hears after a block or unblock. */
  renderFeedback() {
    return this.feedback;
  }

  /** In place of the reply box: why no reply is possible. */
  renderReason() {
    return html`<p part="not-accepting" class="not-accepting">
      ${this.options.locale.strings.notAcceptingSome(this.refusing)}
    </p>`;
  }

  private async openConfirm() {
    this.confirming = true;
    this.feedback = '';
    this.host.requestUpdate();
    await this.host.updateComplete;
    this.host.renderRoot.querySelector<HTMLElement>('[part="block-confirm-button"]')?.focus();
  }

  private closeConfirm() {
    this.confirming = false;
    this.host.requestUpdate();
    void this.host.updateComplete.then(() => this.focusAction());
  }

  private async setBlock(member: Member, blocked: boolean) {
    const client = this.options.client();
    if (!client) return;
    const strings = this.options.locale.strings;
    try {
      await (blocked ? client.blockMember(member.id) : client.unblockMember(member.id));
      this.feedback = blocked ? strings.blocked(member.name) : strings.unblocked(member.name);
      this.version++;
    } catch (error) {
      this.feedback = strings.blockFailed(isConvError(error) ? error.message : strings.unavailable);
    }
    this.confirming = false;
    this.host.requestUpdate();
    await this.answered;
    await this.host.updateComplete;
    this.focusAction();
  }

  private focusAction() {
    const action = this.host.renderRoot.querySelector<HTMLElement>('[part="block-button"]');
    (action ?? this.options.focusAfter())?.focus();
  }
}
