import type { ReactiveControllerHost } from 'lit';
import type { ErrorPayload, ValidationError } from '../core/errors.js';
import { checkMessageBody, type BodyCheck, type Policy } from '../core/policy.js';
import type { LocaleController } from '../i18n/locale-controller.js';

/** Why a message body was refused, in the member's language (the core's reasons, one text each). */
export function bodyErrorText(
  locale: LocaleController,
  error: Pick<ValidationError | ErrorPayload, 'reason' | 'limit' | 'actual' | 'message'>,
): string {
  const strings = locale.strings;
  switch (error.reason) {
    case 'empty':
      return strings.messageErrorEmpty;
    case 'too-long':
      return strings.messageErrorTooLong(locale.number(error.limit ?? 0), locale.number(error.actual ?? 0));
    case 'too-large':
      return strings.messageErrorTooLarge;
    case 'malformed-text':
      return strings.messageErrorMalformed;
    default:
      return error.message;
  }
}

export interface MessageFieldOptions {
  /** The backend's limits, as the host knows them now. */
  readonly policy: () => Policy;
  readonly locale: LocaleController;
  /** Called when the member edits the text (a refusal about the old text no longer applies). */
  readonly onEdit?: () => void;
}

/**
 * The text of a message being written, counted as the core counts it (code points of the trimmed
 * text, against the portal's limit): compose's message and the thread's reply. The host renders
 * the textarea and binds `value` and `onInput`; this owns the text, its check and the counter.
 */
export class MessageFieldController {
  private text = '';
  private checked?: { text: string; policy: Policy; check: BodyCheck };

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly options: MessageFieldOptions,
  ) {}

  /** The text as written (untrimmed). */
  get value(): string {
    return this.text;
  }

  set value(text: string) {
    if (text === this.text) return;
    this.text = text;
    this.host.requestUpdate();
  }

  /** The core's verdict on the text, against the current limits. */
  get check(): BodyCheck {
    const policy = this.options.policy();
    const cached = this.checked;
    if (cached && cached.text === this.text && cached.policy === policy) return cached.check;
    const check = checkMessageBody(this.text, policy);
    this.checked = { text: this.text, policy, check };
    return check;
  }

  /** Characters left; negative over the limit. */
  get remaining(): number {
    return this.check.remaining;
  }

  get over(): boolean {
    return this.remaining < 0;
  }

  /** "N characters left", or how many too many: one wording wherever a message is written. */
  get counterText(): string {
    const locale = this.options.locale;
    const remaining = this.remaining;
    return locale.strings.messageCharactersLeft(remaining, locale.number(Math.abs(remaining)));
  }

  /** Bind to the textarea's `input` event. */
  readonly onInput = (event: Event): void => {
    this.value = (event.target as HTMLTextAreaElement).value;
    this.options.onEdit?.();
  };
}

/** Why a message could not be sent (or another request failed), in the member's language. */
export function sendErrorText(locale: LocaleController, error: ErrorPayload | undefined): string {
  if (!error) return locale.strings.unavailable;
  if (error.code === 'validation') return bodyErrorText(locale, error);
  if (error.code === 'unavailable') return locale.strings.unavailable;
  return error.message;
}
