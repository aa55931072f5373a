/**
 * conv-elements for npm users: every class, type, event and adapter. Importing this module
 * registers no element; import `conv-elements/define/<tag>.js` for that.
 */
export * from './core/index.js';
export type * from './adapter/index.js';
export { unreadSourceOf, type UnreadSource } from './adapter/unread-source.js';
export * from './client/index.js';
export * from './context/index.js';
export { registerStrings } from './i18n/registry.js';
export { english as englishStrings } from './i18n/english.js';
export type { ConvStrings } from './i18n/strings.js';
export { fullStringsFor as stringsFor } from './i18n/english.js';

export { ConvElement } from './internal/conv-element.js';
export { ConvProvider } from './components/provider/provider.js';
export { ConvEnvelopeBadge } from './components/envelope-badge/envelope-badge.js';
export { ConvNotifier } from './components/notifier/notifier.js';
export { ConvNotificationSettings } from './components/notification-settings/notification-settings.js';
export { ConvConversationList } from './components/conversation-list/conversation-list.js';
export { ConvThread } from './components/thread/thread.js';
export { ConvInbox } from './components/inbox/inbox.js';
export { ConvConversationSearch } from './components/conversation-search/conversation-search.js';
export { ConvCompose } from './components/compose/compose.js';
export { ConvContactButton } from './components/contact-button/contact-button.js';

export { ConvOpenInboxEvent } from './events/open-inbox.js';
export { ConvOpenConversationEvent } from './events/open-conversation.js';
export { ConvSettingsChangeEvent } from './events/settings-change.js';
export { ConvSearchCloseEvent } from './events/search-close.js';
export { ConvConversationSelectEvent } from './events/conversation-select.js';
export { ConvConversationStartedEvent } from './events/conversation-started.js';
export { ConvReportEvent } from './events/report.js';
export { ConvStartConversationRequestEvent } from './events/start-conversation-request.js';
