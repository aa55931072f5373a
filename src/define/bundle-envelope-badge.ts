/**
 * Entry of `dist/conv-envelope-badge.js`: the envelope alone, for a header on pages that show
 * no inbox. It carries the provider too, since the envelope needs a client to count unread
 * messages; the page configures it by attributes or calls `connect()`.
 */
import './conv-provider.js';
import './conv-envelope-badge.js';

export { connect } from '../context/connect.js';
export { ConvEnvelopeBadge } from '../components/envelope-badge/envelope-badge.js';
export { ConvProvider } from '../components/provider/provider.js';
