import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** Why a modal closed: Escape, a click on the backdrop, one of its buttons, or its task done. */
export type ModalCloseReason = 'escape' | 'backdrop' | 'button' | 'done';

export interface ModalOptions {
  /** The host's `<dialog>`, once rendered. */
  readonly dialog: () => HTMLDialogElement | null | undefined;
  /** Told once the dialog has closed, and why; focus is back on the opener by then. */
  readonly onClose?: (reason: ModalCloseReason) => void;
  /** Where focus goes when the opener is gone (it was re-rendered away, say). */
  readonly fallbackFocus?: () => HTMLElement | null | undefined;
  /** True when a click on the backdrop closes the dialog. Off by default: a half-written text would go. */
  readonly closeOnBackdrop?: () => boolean;
}

type Host = ReactiveControllerHost & HTMLElement;

/** The focused element, looking inside shadow roots, so focus can go back exactly where it was. */
export function deepActiveElement(): HTMLElement | undefined {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active instanceof HTMLElement && active !== document.body ? active : undefined;
}

const TABBABLE =
  'a[href], button:not([disabled]), input:not([disabled]):not([type="hidden"]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/**
 * The one modal behaviour of the library, over a native `<dialog>` in the host's shadow root (so
 * that its labels and descriptions stay in one ID scope with the form inside it): `show()` opens
 * it with `showModal()` and remembers the opener; Escape, the backdrop (if allowed) and
 * `close('button')` close it and say why; focus then returns to the opener; and Tab from the last
 * control wraps to the first (and Shift+Tab back), because a modal dialog makes the page inert
 * but Tab would otherwise still leave for the browser's own interface.
 */
export class ModalController implements ReactiveController {
  private opener?: HTMLElement;
  private reason: ModalCloseReason = 'done';
  private bound?: HTMLDialogElement;

  constructor(
    private readonly host: Host,
    private readonly options: ModalOptions,
  ) {
    host.addController(this);
  }

  /** True while the dialog is open. */
  get open(): boolean {
    return Boolean(this.options.dialog()?.open);
  }

  hostUpdated(): void {
    // The dialog may be rendered late (or again): listen on whichever is there now.
    const dialog = this.options.dialog() ?? undefined;
    if (dialog === this.bound) return;
    this.unbind();
    this.bound = dialog;
    dialog?.addEventListener('keydown', this.onKeydown);
    dialog?.addEventListener('cancel', this.onCancel);
    dialog?.addEventListener('click', this.onClick);
    dialog?.addEventListener('close', this.onDialogClose);
  }

  hostDisconnected(): void {
    this.unbind();
  }

  /**
   * Opens the dialog modally. `opener` (by default, what has focus now) gets focus back when it
   * closes; reopening while open keeps the first opener.
   */
  async show(opener: HTMLElement | undefined = deepActiveElement()): Promise<void> {
    await this.host.updateComplete;
    const dialog = this.options.dialog();
    if (!dialog || dialog.open) return;
    this.opener = opener;
    dialog.showModal();
  }

  /** Closes the dialog, for `reason`. */
  close(reason: ModalCloseReason = 'button'): void {
    const dialog = this.options.dialog();
    if (!dialog?.open) return;
    this.reason = reason;
    dialog.close();
  }

  private unbind() {
    const dialog = this.bound;
    if (!dialog) return;
    dialog.removeEventListener('keydown', this.onKeydown);
    dialog.removeEventListener('cancel', this.onCancel);
    dialog.removeEventListener('click', this.onClick);
    dialog.removeEventListener('close', this.onDialogClose);
    this.bound = undefined;
  }

  private readonly onCancel = () => {
    this.reason = 'escape';
  };

  private readonly onClick = (event: MouseEvent) => {
    const dialog = this.bound;
    if (!this.options.closeOnBackdrop?.() || !dialog || event.target !== dialog) return;
    // A click on the dialog element itself is on its padding or on the backdrop: tell them apart.
    const box = dialog.getBoundingClientRect();
    const inside =
      event.clientX >= box.left &&
      event.clientX <= box.right &&
      event.clientY >= box.top &&
      event.clientY <= box.bottom;
    if (!inside) this.close('backdrop');
  };

  private readonly onKeydown = (event: KeyboardEvent) => {
    if (event.key !== 'Tab' || !this.bound) return;
    const tabbable = [...this.bound.querySelectorAll<HTMLElement>(TABBABLE)].filter(
      (element) =>
        element.checkVisibility() && !(element instanceof HTMLInputElement && isUncheckedRadio(element)),
    );
    const first = tabbable[0];
    const last = tabbable.at(-1);
    const active = this.host.shadowRoot?.activeElement;
    if (!first || !last) return;
    if (!event.shiftKey && active === last) {
      event.preventDefault();
      first.focus();
    } else if (event.shiftKey && active === first) {
      event.preventDefault();
      last.focus();
    }
  };

  private readonly onDialogClose = () => {
    // Opened again before the close event came: that close is over, and this opening stands.
    if (this.bound?.open) {
      this.reason = 'done';
      return;
    }
    const opener = this.opener;
    const reason = this.reason;
    this.opener = undefined;
    this.reason = 'done';
    if (opener?.isConnected) opener.focus();
    else this.options.fallbackFocus?.()?.focus();
    this.options.onClose?.(reason);
  };
}

/** Only the checked radio of a group takes Tab (or the first, when none is checked). */
function isUncheckedRadio(input: HTMLInputElement): boolean {
  return input.type === 'radio' && !input.checked;
}
