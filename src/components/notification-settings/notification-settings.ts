import { html, nothing } from 'lit';
import { state } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import { ConvElement } from '../../internal/conv-element.js';
import { SettingsController } from '../../context/settings-controller.js';
import { LocaleController } from '../../i18n/locale-controller.js';
import { ConvSettingsChangeEvent } from '../../events/settings-change.js';
import { isConvError } from '../../core/errors.js';
import { EXPORT_FILE_NAME } from '../../core/export.js';
import type { NotificationSettings } from '../../core/types.js';
import { notificationSettingsStyles } from './notification-settings.styles.js';

type Switch = 'inApp' | 'email' | 'digest';

/**
 * The member's switches for new messages: in the portal, by email (S10), and a digest instead of
 * one email per conversation (S22). Each change is saved at once; the element says when it is
 * saved, and on failure puts the switch back and says why. Where the backend serves it
 * (capability `'export'`), a "Download my data" button saves the member's data as a JSON file
 * (S21).
 *
 * @tagname conv-notification-settings
 * @summary In-app and email notification switches, saved as they change.
 *
 * @fires {ConvSettingsChangeEvent} conv-settings-change - After a change the member made was saved.
 *
 * @csspart fieldset - The group of switches.
 * @csspart switch - Each switch (a checkbox with the switch role).
 * @csspart status - The line that confirms a save or reports an error.
 * @csspart export - The "Download my data" button.
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
  @state() private exporting = false;

  override render() {
    const strings = this.locale.strings;
    const { status, value, error } = this.settings.value;
    if (!value && status === 'error') {
      return html`<p part="status" class="error" role="alert">${error?.message ?? strings.unavailable}</p>
        <button type="button" @click=${() => this.settings.client?.loadSettings()}>${strings.retry}</button>`;
    }
    const shown = { ...(value ?? { inApp: false, email: false }), ...this.pending };
    const busy = !value;
    const canExport = this.settings.client?.can('export') ?? false;
    return html`
      <fieldset part="fieldset" aria-busy=${busy ? 'true' : 'false'}>
        <legend>${strings.settingsLegend}</legend>
        ${this.renderSwitch('inApp', strings.settingsInApp, strings.settingsInAppHint, shown.inApp, busy)}
        ${this.renderSwitch('email', strings.settingsEmail, strings.settingsEmailHint, shown.email, busy)}
        ${this.renderSwitch(
          'digest',
          strings.settingsEmailDigest,
          strings.settingsEmailDigestHint,
          shown.emailMode === 'digest',
          busy || !shown.email,
        )}
        ${
          canExport
            ? html`<div class="export">
                <button
                  part="export"
                  type="button"
                  ?disabled=${this.exporting}
                  aria-describedby="export-hint"
                  @click=${() => this.download()}
                >
                  ${this.exporting ? strings.settingsExporting : strings.settingsExport}
                </button>
                <span class="hint" id="export-hint">${strings.settingsExportHint}</span>
              </div>`
            : nothing
        }
        <p part="status" role="status" class=${this.message?.kind === 'error' ? 'error' : ''}>
          ${busy ? strings.loading : (this.message?.text ?? nothing)}
        </p>
      </fieldset>
    `;
  }

  private renderSwitch(name: Switch, label: string, hint: string, checked: boolean, disabled: boolean) {
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
    const patch: Partial<NotificationSettings> =
      name === 'digest' ? { emailMode: checked ? 'digest' : 'first-unread' } : { [name]: checked };
    const key = name === 'digest' ? 'emailMode' : name;
    this.pending = { ...this.pending, ...patch };
    this.message = undefined;
    try {
      const saved = await client.updateSettings(patch);
      this.message = { kind: 'saved', text: this.locale.strings.settingsSaved };
      const change = new ConvSettingsChangeEvent(saved);
      this.dispatchEvent(change);
    } catch (error) {
      const reason = isConvError(error) ? error.message : this.locale.strings.unavailable;
      this.message = { kind: 'error', text: this.locale.strings.settingsFailed(reason) };
    } finally {
      const { [key]: _done, ...rest } = this.pending;
      this.pending = rest;
    }
  }

  /** S21: the member's data, saved as a file (a link with `download`, clicked and let go). */
  private async download() {
    const client = this.settings.client;
    if (!client || this.exporting) return;
    this.exporting = true;
    this.message = undefined;
    try {
      const blob = await client.exportData();
      const url = URL.createObjectURL(blob);
      const link = document.createElement('a');
      link.href = url;
      link.download = EXPORT_FILE_NAME;
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    } catch (error) {
      const reason = isConvError(error) ? error.message : this.locale.strings.unavailable;
      this.message = { kind: 'error', text: this.locale.strings.settingsExportFailed(reason) };
    } finally {
      this.exporting = false;
    }
  }
}
