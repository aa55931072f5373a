import { ConvNotificationSettings } from '../components/notification-settings/notification-settings.js';

ConvNotificationSettings.define('conv-notification-settings');

declare global {
  interface HTMLElementTagNameMap {
    'conv-notification-settings': ConvNotificationSettings;
  }
}
