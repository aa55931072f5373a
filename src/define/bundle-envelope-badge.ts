/**
 * Entry of `dist/conv-envelope-badge.js`: the envelope alone, for a header on pages that show
 * no inbox. It carries the provider too, since the envelope needs a client to count unread
 * messages; the page configures it by attributes, or gives it an adapter or a client by property
 * (`<conv-provider global>` for the whole page). `connect()` is left to `conv-elements.js`: it
 * makes clients synchronously, so it would make this bundle load the client before the envelope.
 */
import './conv-provider.js';
import './conv-envelope-badge.js';

export { ConvEnvelopeBadge } from '../components/envelope-badge/envelope-badge.js';
export { ConvProvider } from '../components/provider/provider.js';
