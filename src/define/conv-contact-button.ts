import { ConvContactButton } from '../components/contact-button/contact-button.js';

ConvContactButton.define('conv-contact-button');

declare global {
  interface HTMLElementTagNameMap {
    'conv-contact-button': ConvContactButton;
  }
}
