import { html, nothing, type ReactiveController, type ReactiveControllerHost } from 'lit';
import { Task, TaskStatus } from '@lit/task';
import type { ConversationsClient } from '../../client/conversations-client.js';
import { isConvError } from '../../core/errors.js';
import type { Policy } from '../../core/policy.js';
import type { ReportTarget } from '../../core/types.js';
import { ConvReportEvent } from '../../events/report.js';
import type { LocaleController } from '../../i18n/locale-controller.js';
import { sendErrorText } from '../../internal/message-field.js';
import { ModalController } from '../../internal/modal-controller.js';
import { reportEnglish } from '../../i18n/en/report.js';
import { addEnglish } from '../../i18n/strings-for.js';

// Its English entries load with it, not with the first view (i18n/en/report.ts).
addEnglish(reportEnglish);

type Host = ReactiveControllerHost & HTMLElement & { readonly renderRoot: HTMLElement | DocumentFragment };

interface Reported {
  readonly id: string;
  readonly target: ReportTarget;
}

export interface ReportDialogOptions {
  readonly client: () => ConversationsClient | undefined;
  readonly policy: () => Policy;
  readonly locale: LocaleController;
  /** Where focus goes when the button that opened the dialog is gone. */
  readonly fallbackFocus: () => HTMLElement | null | undefined;
}

/**
 * Reporting a message or the conversation to the portal (S7): a modal dialog asking why, sending
 * the report, and the confirmation (`feedback`) that the host shows where it announces status.
 * Fires `conv-report` from the host once the portal has the report. The host renders the empty
 * `<dialog part="dialog">` itself and this module's `render()` inside it, so that the host can
 * load this module only when a member first reports (most visits never do).
 */
export class ReportDialogController implements ReactiveController {
  /** What is being reported, while the dialog is open. */
  private target?: ReportTarget;
  private error?: string;
  /** "Report sent.", until another report is started or the conversation changes. */
  feedback = '';

  private readonly modal: ModalController;

  private readonly sending: Task<readonly [ConversationsClient, ReportTarget, string], Reported>;

  constructor(
    private readonly host: Host,
    private readonly options: ReportDialogOptions,
  ) {
    host.addController(this);
    this.sending = new Task(host, {
      autoRun: false,
      task: async ([client, target, reason]: readonly [ConversationsClient, ReportTarget, string]) => {
        const { id } = await client.report({ target, reason });
        return { id, target };
      },
      onComplete: ({ id, target }) => {
        this.feedback = this.options.locale.strings.reportSent;
        this.modal.close('done');
        // Made, then dispatched: inside dispatchEvent(), the manifest analyzer takes
        // `new X(args)`'s first argument for the event's name.
        const reported = new ConvReportEvent(id, target);
        this.host.dispatchEvent(reported);
      },
      onError: (error) => void this.showFailure(error),
    });
    this.modal = new ModalController(host, {
      dialog: () => host.renderRoot.querySelector<HTMLDialogElement>('dialog[part="dialog"]'),
      fallbackFocus: options.fallbackFocus,
      onClose: () => {
        this.target = undefined;
        host.requestUpdate();
      },
    });
  }

  hostDisconnected(): void {
    this.sending.abort();
  }

  /** Opens the dialog for `target`; focus returns to `opener` when it closes. */
  async open(target: ReportTarget, opener: HTMLElement | undefined): Promise<void> {
    this.target = target;
    this.error = undefined;
    this.feedback = '';
    this.host.requestUpdate();
    await this.modal.show(opener);
    this.reasonInput?.focus();
  }

  private get busy(): boolean {
    return this.sending.status === TaskStatus.PENDING;
  }

  private get reasonInput(): HTMLTextAreaElement | null {
    return this.host.renderRoot.querySelector<HTMLTextAreaElement>('#report-reason');
  }

  private readonly onSubmit = (event: SubmitEvent) => {
    event.preventDefault();
    const client = this.options.client();
    const target = this.target;
    if (!client || !target || this.busy) return;
    const reason = this.reasonInput?.value.trim() ?? '';
    if (reason === '') {
      this.error = this.options.locale.strings.reportReasonRequired;
      this.host.requestUpdate();
      this.reasonInput?.focus();
      return;
    }
    this.error = undefined;
    void this.sending.run([client, target, reason]);
  };

  private async showFailure(error: unknown) {
    this.error = this.failureText(error);
    await this.host.updateComplete;
    this.reasonInput?.focus();
  }

  private failureText(error: unknown): string {
    const { locale, policy } = this.options;
    const strings = locale.strings;
    const payload = isConvError(error) ? error.toJSON() : undefined;
    if (payload?.code === 'validation' && payload.reason === 'too-long') {
      return strings.reportReasonTooLong(locale.number(policy().maxReportLength));
    }
    if (payload?.code === 'validation') return strings.reportReasonRequired;
    return strings.reportFailed(payload ? sendErrorText(locale, payload) : String(error));
  }

  /** The dialog's content, for inside the host's `<dialog part="dialog">`. */
  render() {
    const strings = this.options.locale.strings;
    const target = this.target;
    const busy = this.busy;
    return target
      ? html`<form @submit=${this.onSubmit} novalidate>
          <h2 id="report-title">
            ${target.kind === 'message' ? strings.reportMessageTitle : strings.reportConversationTitle}
          </h2>
          <p>${strings.reportExplanation}</p>
          <label for="report-reason">${strings.reportReason}</label>
          <textarea
            id="report-reason"
            aria-describedby="report-error"
            aria-invalid=${this.error ? 'true' : 'false'}
            ?disabled=${busy}
          ></textarea>
          <p id="report-error" class="error" role="alert">${this.error ?? nothing}</p>
          <div class="dialog-actions">
            <button type="button" @click=${() => this.modal.close('button')}>${strings.reportCancel}</button>
            <button class="primary" type="submit" ?disabled=${busy}>${strings.reportSubmit}</button>
          </div>
        </form>`
      : nothing;
  }
}
