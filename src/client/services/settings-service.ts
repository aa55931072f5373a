/**
 * The member's notification settings: loaded (cached first), saved optimistically, and kept from
 * being undone by a slower answer or by another tab's change arriving during a save.
 */
import { ValidationError } from '../../core/errors.js';
import { parseSettingsPatch } from '../../core/requests.js';
import { DEFAULT_NOTIFICATION_SETTINGS, type NotificationSettings } from '../../core/types.js';
import { toPayload } from '../checks.js';
import { IDLE_SETTINGS } from '../idle-states.js';
import type { ClientKernel } from '../kernel.js';
import { SingleFlight } from '../single-flight.js';
import { WritableStore } from '../store.js';
import type { SettingsState } from '../types.js';

export class SettingsService {
  readonly store = new WritableStore<SettingsState>(IDLE_SETTINGS, () => void this.load());
  readonly #loading = new SingleFlight(() => this.fetch());
  /** Bumped by every change of settings, so that a slower load cannot undo a newer save. */
  #version = 0;

  readonly #kernel: ClientKernel;

  constructor(kernel: ClientKernel) {
    this.#kernel = kernel;
  }

  get wanted(): boolean {
    return this.store.value.status !== 'idle';
  }

  /** Loads the settings (cached first), or joins the load under way. */
  load(): Promise<void> {
    return this.#loading.run();
  }

  /** Asks the adapter for the settings, even while a load is under way. */
  async fetch(): Promise<void> {
    const kernel = this.#kernel;
    await kernel.whenCacheReady();
    if (!kernel.active) return;
    const version = this.#version;
    const current = this.store.value;
    const cached = current.value ?? kernel.snapshot.settings;
    if (current.status !== 'saving') {
      this.store.set({ status: 'loading', ...(cached ? { value: cached } : {}) });
    }
    try {
      const value = await kernel.adapter.getSettings({ signal: kernel.signal });
      if (!kernel.active || version !== this.#version) return;
      this.store.set({ status: 'ready', value });
      this.#persist();
    } catch (error) {
      if (!kernel.active || version !== this.#version) return;
      this.store.set({ status: 'error', ...(cached ? { value: cached } : {}), error: toPayload(error) });
    }
  }

  async update(patch: Partial<NotificationSettings>): Promise<NotificationSettings> {
    // The rulebook's parser, as every backend applies it (the same refusal as every backend's);
    // an empty patch has nothing to save.
    if (Object.keys(parseSettingsPatch(patch)).length === 0) {
      throw new ValidationError('bad-settings', 'Say which setting to change.', { field: 'settings' });
    }
    const kernel = this.#kernel;
    kernel.assertUsable();
    void kernel.connect();
    const version = ++this.#version;
    const previous = this.store.value.value;
    this.store.set({ status: 'saving', value: { ...(previous ?? DEFAULT_NOTIFICATION_SETTINGS), ...patch } });
    try {
      const value = await kernel.adapter.updateSettings(patch, { signal: kernel.signal });
      if (kernel.active && version === this.#version) {
        this.store.set({ status: 'ready', value });
        this.#persist();
      }
      return value;
    } catch (error) {
      if (kernel.active && version === this.#version) {
        this.store.set({
          status: 'error',
          ...(previous ? { value: previous } : {}),
          error: toPayload(error),
        });
      }
      throw error;
    }
  }

  /** Another tab (or the backend) changed them. A save of this tab still on its way wins. */
  changed(value: NotificationSettings): void {
    if (this.store.value.status === 'saving') return;
    this.#version++;
    this.store.set({ status: 'ready', value });
    this.#persist();
  }

  clear(): void {
    this.store.set(IDLE_SETTINGS);
  }

  #persist(): void {
    this.#kernel.persist('settings', async (cache) => {
      const value = this.store.value.value;
      if (value) await cache.putMeta('settings', value);
    });
  }
}
