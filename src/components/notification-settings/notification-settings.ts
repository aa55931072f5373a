import { html, nothing } from 'lit';
import { state } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import { Task } from '@lit/task';
import { ConvElement } from '../../internal/conv-element.js';
import { SettingsController } from '../../context/settings-controller.js';
import { LocaleController } from '../../i18n/locale-controller.js';
import { ConvSettingsChangeEvent } from '../../events/settings-change.js';
import { isConvError } from '../../core/errors.js';
import { EXPORT_FILE_NAME } from '../../core/export-file.js';
import type { AcceptFrom, Member, NotificationSettings } from '../../core/types.js';
import { notificationSettingsStyles } from './notification-settings.styles.js';
import { settingsEnglish } from '../../i18n/en/settings.js';
import { addEnglish } from '../../i18n/strings-for.js';

// Its English entries load with it, not with the first view (i18n/en/settings.ts).
addEnglish(settingsEnglish);

type Switch = 'inApp' | 'email' | 'digest' | 'readReceipts';
/** What the element shows: every switch on or off (read receipts on unless said off). */
type Shown = NotificationSettings & { readonly readReceipts: boolean };

/**
 * The member's switches for new messages: in the portal, by email (S10), and a digest instead of
 * one email per conversation (S22); who may write to them, anyone or only members they follow
 * (S14, when the backend serves `accept-setting`); the members they blocked, each with Unblock
 * (S15, `member-blocks`); and, under Privacy, whether they share read receipts and typing (S27,
 * S28, `receipts`). Each change is saved at once; the element says when it is saved, and on
 * failure puts the choice back and says why. Where the backend serves it (capability
 * `'export'`), a "Download my data" button saves the member's data as a JSON file (S21).
 *
 * @tagname conv-notification-settings
 * @summary In-app and email notification switches, saved as they change.
 *
 * @fires {ConvSettingsChangeEvent} conv-settings-change - After a change the member made was saved.
 *
 * @csspart fieldset - The group of switches.
 * @csspart switch - Each switch (a checkbox with the switch role).
 * @csspart choice - The group "who can send you messages" (S14).
 * @csspart radio - Each of its choices.
 * @csspart blocked - The list of blocked members (S15).
 * @csspart unblock-button - Each member's Unblock button.
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
  /** Bumped by an unblock, so that the list of blocked members is read again. */
  @state() private blocksVersion = 0;

  /** S15: the members the viewer blocked, read when the backend serves blocks. */
  private readonly blocked = new Task(this, {
    args: () => [this.settings.client, this.blocksVersion] as const,
    task: async ([client], { signal }): Promise<readonly Member[] | undefined> =>
      client?.can('member-blocks') ? client.listBlockedMembers({ signal }) : undefined,
  });
  @state() private exporting = false;

  override render() {
    const strings = this.locale.strings;
    const { status, value, error } = this.settings.value;
    if (!value && status === 'error') {
      return html`<p part="status" class="error" role="alert">${error?.message ?? strings.unavailable}</p>
        <button type="button" @click=${() => this.settings.client?.loadSettings()}>${strings.retry}</button>`;
    }
    const shown: Shown = {
      ...(value ? { readReceipts: true, ...value } : { inApp: false, email: false, readReceipts: false }),
      ...this.pending,
    } as Shown;
    const busy = !value;
    // S27/S28: shown only where the backend serves read receipts.
    const receipts = this.settings.client?.can('receipts') ?? false;
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
          busy,
          !shown.email,
        )}
        ${
          this.settings.client?.can('accept-setting')
            ? this.renderAcceptFrom(shown.acceptFrom ?? 'anyone', busy)
            : nothing
        }
        ${this.renderBlocked()}
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
        ${receipts ? nothing : this.renderStatus(busy)}
      </fieldset>
      ${
        receipts
          ? html`<fieldset part="fieldset" aria-busy=${busy ? 'true' : 'false'}>
              <legend>${strings.settingsPrivacyLegend}</legend>
              ${this.renderSwitch(
                'readReceipts',
                strings.settingsReceipts,
                strings.settingsReceiptsHint,
                shown.readReceipts,
                busy,
              )}
              ${this.renderStatus(busy)}
            </fieldset>`
          : nothing
      }
    `;
  }

  /** One status line for every switch: saved, or why not. */
  private renderStatus(busy: boolean) {
    return html`<p part="status" role="status" class=${this.message?.kind === 'error' ? 'error' : ''}>
      ${busy ? this.locale.strings.loading : (this.message?.text ?? nothing)}
    </p>`;
  }

  /** S14: a radio group, saved on change like the switches. */
  private renderAcceptFrom(current: AcceptFrom, disabled: boolean) {
    const strings = this.locale.strings;
    const option = (value: AcceptFrom, label: string, hint?: string) =>
      html`<div class="option">
        <input
          part="radio"
          id=${`accept-${value}`}
          type="radio"
          name="acceptFrom"
          value=${value}
          .checked=${live(current === value)}
          ?disabled=${disabled}
          aria-describedby=${hint ? `accept-${value}-hint` : nothing}
          @change=${() => this.save('acceptFrom', value)}
        />
        <label for=${`accept-${value}`}>${label}</label>
        ${hint ? html`<span class="hint" id=${`accept-${value}-hint`}>${hint}</span>` : nothing}
      </div>`;
    return html`<fieldset part="choice" class="nested">
      <legend>${strings.acceptLegend}</legend>
      ${option('anyone', strings.acceptAnyone)}
      ${option('followed', strings.acceptFollowed, strings.acceptFollowedHint)}
    </fieldset>`;
  }

  /** S15: the blocked members, each with Unblock. */
  private renderBlocked() {
    const members = this.blocked.value;
    if (!members) return nothing;
    const strings = this.locale.strings;
    return html`<fieldset part="blocked" class="nested">
      <legend>${strings.blockedLegend}</legend>
      ${
        members.length === 0
          ? html`<p class="hint">${strings.blockedNone}</p>`
          : html`<ul>
              ${members.map(
                (member) =>
                  html`<li>
                    <span>${member.name}</span>
                    <button
                      part="unblock-button"
                      type="button"
                      aria-label=${strings.unblockMember(member.name)}
                      @click=${() => void this.unblock(member)}
                    >
                      ${strings.unblock}
                    </button>
                  </li>`,
              )}
            </ul>`
      }
    </fieldset>`;
  }

  private async unblock(member: Member) {
    const client = this.settings.client;
    if (!client) return;
    this.message = undefined;
    try {
      await client.unblockMember(member.id);
      this.message = { kind: 'saved', text: this.locale.strings.unblocked(member.name) };
      this.blocksVersion++;
      await this.blocked.taskComplete.catch(() => undefined);
      await this.updateComplete;
      // The button pressed is gone: keep the keyboard in the list, or on the legend's group.
      this.renderRoot.querySelector<HTMLElement>('[part="unblock-button"]')?.focus();
    } catch (error) {
      const reason = isConvError(error) ? error.message : this.locale.strings.unavailable;
      this.message = { kind: 'error', text: this.locale.strings.blockFailed(reason) };
    }
  }

  /** A switch; `busy` before the first answer, `disabled` when it cannot apply (digest without email). */
  private renderSwitch(
    name: Switch,
    label: string,
    hint: string,
    checked: boolean,
    busy: boolean,
    disabled = false,
  ) {
    // Until the first answer there is no value to show: a switch would say "off", which may be
    // false. A placeholder of the switch's size holds its place (nothing jumps when it arrives).
    if (busy) {
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

  private async save(name: Switch | 'acceptFrom', value: boolean | AcceptFrom) {
    const client = this.settings.client;
    if (!client) return;
    const patch: Partial<NotificationSettings> =
      name === 'digest' ? { emailMode: value ? 'digest' : 'first-unread' } : { [name]: value };
    const keys = Object.keys(patch);
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
      this.pending = Object.fromEntries(
        Object.entries(this.pending).filter(([key]) => !keys.includes(key)),
      ) as typeof this.pending;
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
