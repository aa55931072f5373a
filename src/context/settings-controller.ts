import { IDLE_SETTINGS } from '../client/idle-states.js';
import type { SettingsState } from '../client/conversations-client.js';
import { ClientStoreController, type ControllerHost } from './store-controller.js';

/** The viewer's notification settings; subscribing loads them. */
export class SettingsController extends ClientStoreController<SettingsState> {
  constructor(host: ControllerHost) {
    super(host, (client) => client.settings, IDLE_SETTINGS);
  }
}
