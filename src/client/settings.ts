/**
 * The member's notification settings: loaded (cached first), saved optimistically, and kept from
 * being undone by a slower answer. The fifth layer of `ConversationsClient` (see `client-core.ts`
 * for why layers).
 */
import { ValidationError } from '../core/errors.js';
import { DEFAULT_NOTIFICATION_SETTINGS, type NotificationSettings } from '../core/types.js';
import { toPayload } from './checks.js';
import { OutboxLayer } from './outbox.js';

export abstract class SettingsLayer extends OutboxLayer {
  private settingsLoading?: Promise<void>;
  /** Bumped by every change of settings, so that a slower load cannot undo a newer save. */
  protected settingsVersion = 0;

  /** Loads the member's notification settings (cached first). */
  loadSettings(): Promise<void> {
    this.settingsLoading ??= this.fetchSettings().finally(() => {
      this.settingsLoading = undefined;
    });
    return this.settingsLoading;
  }

  protected async fetchSettings(): Promise<void> {
    await this.whenCacheReady();
    if (!this.active) return;
    const version = this.settingsVersion;
    const current = this.settingsStore.value;
    const cached = current.value ?? this.snapshot.settings;
    if (current.status !== 'saving') {
      this.settingsStore.set({ status: 'loading', ...(cached ? { value: cached } : {}) });
    }
    try {
      const value = await this.adapter.getSettings({ signal: this.abort.signal });
      if (!this.active || version !== this.settingsVersion) return;
      this.settingsStore.set({ status: 'ready', value });
      this.persist('settings');
    } catch (error) {
      if (!this.active || version !== this.settingsVersion) return;
      this.settingsStore.set({
        status: 'error',
        ...(cached ? { value: cached } : {}),
        error: toPayload(error),
      });
    }
  }

  /**
   * Changes some settings. Shown at once (`saving`); on failure the previous value comes back with
   * `status: 'error'` and the promise rejects with the typed error.
   */
  async updateSettings(patch: Partial<NotificationSettings>): Promise<NotificationSettings> {
    const keys = typeof patch === 'object' && patch !== null ? Object.keys(patch) : [];
    if (
      keys.length === 0 ||
      !keys.every((key) => (key === 'inApp' || key === 'email') && typeof patch[key] === 'boolean')
    ) {
      throw new ValidationError('bad-settings', 'Settings are in-app and email switches, on or off.', {
        field: 'settings',
      });
    }
    this.assertUsable();
    void this.connect();
    const version = ++this.settingsVersion;
    const previous = this.settingsStore.value.value;
    this.settingsStore.set({
      status: 'saving',
      value: { ...(previous ?? DEFAULT_NOTIFICATION_SETTINGS), ...patch },
    });
    try {
      const value = await this.adapter.updateSettings(patch, { signal: this.abort.signal });
      if (this.active && version === this.settingsVersion) {
        this.settingsStore.set({ status: 'ready', value });
        this.persist('settings');
      }
      return value;
    } catch (error) {
      if (this.active && version === this.settingsVersion) {
        this.settingsStore.set({
          status: 'error',
          ...(previous ? { value: previous } : {}),
          error: toPayload(error),
        });
      }
      throw error;
    }
  }
}
