import { ConvCompose } from '../components/compose/compose.js';

ConvCompose.define('conv-compose');

declare global {
  interface HTMLElementTagNameMap {
    'conv-compose': ConvCompose;
  }
}
