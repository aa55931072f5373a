import { html, nothing } from 'lit';
import { state } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import { ConvElement } from '../../internal/conv-element.js';
import { SettingsController } from '../../context/settings-controller.js';
import { LocaleController } from '../../i18n/locale-controller.js';
import { ConvSettingsChangeEvent } from '../../events/settings-change.js';
import { isConvError } from '../../core/errors.js';
import type { NotificationSettings } from '../../core/types.js';
import { notificationSettingsStyles } from './notification-settings.styles.js';

type Switch = keyof NotificationSettings;

/**
 * The member's two switches for new messages: in the portal, and by email (S10). Each change is
 * saved at once; the element says when it is saved, and on failure puts the switch back and
 * says why.
 *
 * @tagname conv-notification-settings
 * @summary In-app and email notification switches, saved as they change.
 *
 * @fires {ConvSettingsChangeEvent} conv-settings-change - After a change the member made was saved.
 *
 * @csspart fieldset - The group of switches.
 * @csspart switch - Each switch (a checkbox with the switch role).
 * @csspart status - The line that confirms a save or reports an error.
 *
 * @cssprop [--conv-color-accent=#1a5fb4] - The switches' colour.
 * @cssprop [--conv-color-danger=#b3261e] - Error text.
 * @cssprop [--conv-notification-settings-gap=0.75rem] - Space around and between switches.
 * @cssprop [--conv-color-border=color-mix(in srgb, currentColor 25%, transparent)] - Borders.
 * @cssprop [--conv-color-focus=light-dark(#1a5fb4, #99c1f1)] - The focus ring.
 * @cssprop [--conv-color-scheme=light dark] - `light` or `dark` forces one, nested elements too; by default, the system's.
 * @cssprop [--conv-color-text=inherit] - Text.
 * @cssprop [--conv-color-text-muted=color-mix(in srgb, currentColor 72%, transparent)] - Secondary text.
 * @cssprop [--conv-font-family=inherit] - Font.
 * @cssprop [--conv-radius=0.5rem] - Corner radius.
 */
export class ConvNotificationSettings extends ConvElement {
  static override styles = notificationSettingsStyles;

  private readonly settings = new SettingsController(this);
  private readonly locale = new LocaleController(this);

  /** Values being saved: shown at once, and dropped (restoring the saved value) on failure. */
  @state() private pending: Partial<NotificationSettings> = {};
  @state() private message?: { readonly kind: 'saved' | 'error'; readonly text: string };

  override render() {
    const strings = this.locale.strings;
    const { status, value, error } = this.settings.value;
    if (!value && status === 'error') {
      return html`<p part="status" class="error" role="alert">${error?.message ?? strings.unavailable}</p>
        <button type="button" @click=${() => this.settings.client?.loadSettings()}>${strings.retry}</button>`;
    }
    const shown = { ...(value ?? { inApp: false, email: false }), ...this.pending };
    const busy = !value;
    return html`
      <fieldset part="fieldset" aria-busy=${busy ? 'true' : 'false'}>
        <legend>${strings.settingsLegend}</legend>
        ${this.renderSwitch('inApp', strings.settingsInApp, strings.settingsInAppHint, shown.inApp, busy)}
        ${this.renderSwitch('email', strings.settingsEmail, strings.settingsEmailHint, shown.email, busy)}
        <p part="status" role="status" class=${this.message?.kind === 'error' ? 'error' : ''}>
          ${busy ? strings.loading : (this.message?.text ?? nothing)}
        </p>
      </fieldset>
    `;
  }

  private renderSwitch(name: Switch, label: string, hint: string, checked: boolean, disabled: boolean) {
    // Until the first answer there is no value to show: a switch would say "off", which may be
    // false. A placeholder of the switch's size holds its place (nothing jumps when it arrives).
    if (disabled) {
      return html`<div class="option loading">
        <span class="placeholder" aria-hidden="true"></span>
        <span class="label">${label}</span>
        <span class="hint">${hint}</span>
      </div>`;
    }
    return html`<div class="option">
      <input
        part="switch"
        id=${name}
        type="checkbox"
        role="switch"
        .checked=${live(checked)}
        ?disabled=${disabled}
        aria-describedby=${`${name}-hint`}
        @change=${(event: Event) => this.save(name, (event.target as HTMLInputElement).checked)}
      />
      <label for=${name}>${label}</label>
      <span class="hint" id=${`${name}-hint`}>${hint}</span>
    </div>`;
  }

  private async save(name: Switch, checked: boolean) {
    const client = this.settings.client;
    if (!client) return;
    this.pending = { ...this.pending, [name]: checked };
    this.message = undefined;
    try {
      const saved = await client.updateSettings({ [name]: checked });
      this.message = { kind: 'saved', text: this.locale.strings.settingsSaved };
      const change = new ConvSettingsChangeEvent(saved);
      this.dispatchEvent(change);
    } catch (error) {
      const reason = isConvError(error) ? error.message : this.locale.strings.unavailable;
      this.message = { kind: 'error', text: this.locale.strings.settingsFailed(reason) };
    } finally {
      const { [name]: _done, ...rest } = this.pending;
      this.pending = rest;
    }
  }
}
