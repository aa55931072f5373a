import { ConvThread } from '../components/thread/thread.js';

ConvThread.define('conv-thread');

declare global {
  interface HTMLElementTagNameMap {
    'conv-thread': ConvThread;
  }
}
