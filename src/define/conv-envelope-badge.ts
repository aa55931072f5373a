import { ConvEnvelopeBadge } from '../components/envelope-badge/envelope-badge.js';

ConvEnvelopeBadge.define('conv-envelope-badge');

declare global {
  interface HTMLElementTagNameMap {
    'conv-envelope-badge': ConvEnvelopeBadge;
  }
}
