import { ConvNotifier } from '../components/notifier/notifier.js';

ConvNotifier.define('conv-notifier');

declare global {
  interface HTMLElementTagNameMap {
    'conv-notifier': ConvNotifier;
  }
}
