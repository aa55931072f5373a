import { ForbiddenError, isConvError, ValidationError } from '../../core/errors.js';
import type { LocaleController } from '../../i18n/locale-controller.js';
import { bodyErrorText } from '../../internal/message-field.js';

/** Where compose shows an error: beside a field, or for the whole form. */
export type Field = 'recipients' | 'asGroup' | 'body' | 'form';

const BODY_REASONS: ReadonlySet<string> = new Set(['empty', 'too-long', 'too-large', 'malformed-text']);

/** The field a refusal is about, so its text shows there and focus goes there. */
export function fieldOf(error: unknown): Field {
  if (error instanceof ForbiddenError && error.reason === 'not-group-manager') return 'asGroup';
  if (error instanceof ValidationError || error instanceof ForbiddenError) {
    if (error.field === 'recipients' || error.field === 'asGroup' || error.field === 'body')
      return error.field;
  }
  return 'form';
}

/**
 * A message for the member, from compose's strings (so it is localised) where the reason is
 * known; `groupName` names the group chosen to send as, for "you no longer manage …".
 */
export function composeErrorText(
  locale: LocaleController,
  error: unknown,
  groupName: () => string,
  /** The names of members a `not-accepting` refusal names by id (S14, S15). */
  namesOf: (ids: readonly string[]) => readonly string[] = (ids) => ids,
): string {
  const strings = locale.strings;
  if (error instanceof ForbiddenError && error.reason === 'not-accepting') {
    return strings.notAcceptingSome(namesOf(error.members ?? []));
  }
  if (error instanceof ValidationError) {
    if (BODY_REASONS.has(error.reason)) return bodyErrorText(locale, error);
    switch (error.reason) {
      case 'no-recipients':
        return strings.composeErrorNoRecipients;
      case 'self-only':
        return strings.composeErrorSelfOnly;
      case 'too-many-recipients':
        return strings.composeErrorTooManyRecipients(locale.number(error.limit ?? 0));
      case 'unknown-recipient':
        return strings.composeErrorUnknownRecipient;
      default:
    }
  }
  if (error instanceof ForbiddenError && error.reason === 'not-group-manager') {
    return strings.composeErrorNotManager(groupName());
  }
  return strings.composeErrorFailed(isConvError(error) ? error.message : strings.unavailable);
}
