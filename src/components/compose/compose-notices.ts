import { html, nothing } from 'lit';
import type { ConvStrings } from '../../i18n/strings.js';

export interface NoticesOptions {
  readonly strings: ConvStrings;
  /** The code of conduct's address, already checked to be http(s); without it, no link. */
  readonly codeOfConduct?: string;
  /** The portal's guidance as text (the `guidance` slot takes markup instead). */
  readonly guidance?: string;
  readonly hasSlottedGuidance: boolean;
  /** The `guidance` slot's content changed: whether anything worth showing is in it now. */
  readonly onSlotChange: (hasContent: boolean) => void;
}

function slottedContent(event: Event): boolean {
  const slot = event.target as HTMLSlotElement;
  return slot
    .assignedNodes({ flatten: true })
    .some((node) => node.nodeType === Node.ELEMENT_NODE || Boolean(node.textContent?.trim()));
}

/**
 * What compose tells a member before they write (S7, S13): the portal's guidance, when it gives
 * any, and that conversations follow its code of conduct.
 */
export function renderNotices({
  strings,
  codeOfConduct,
  guidance,
  hasSlottedGuidance,
  onSlotChange,
}: NoticesOptions) {
  const showGuidance = hasSlottedGuidance || Boolean(guidance);
  return html`<div part="notices" class="notices">
    <div part="guidance" class="guidance" ?hidden=${!showGuidance}>
      <slot name="guidance" @slotchange=${(event: Event) => onSlotChange(slottedContent(event))}
        >${guidance ?? nothing}</slot
      >
    </div>
    <p part="conduct" class="conduct">
      ${strings.composeConductBefore}${
        codeOfConduct
          ? html`<a href=${codeOfConduct} target="_blank" rel="noopener">${strings.composeConductLink}</a>`
          : strings.composeConductLink
      }${strings.composeConductAfter}
    </p>
  </div>`;
}
