import { ConvProvider } from '../components/provider/provider.js';

ConvProvider.define('conv-provider');

declare global {
  interface HTMLElementTagNameMap {
    'conv-provider': ConvProvider;
  }
}
