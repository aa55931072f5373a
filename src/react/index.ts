'use client';
/**
 * React wrappers (`conv-elements/react`), for React 18, which sets every prop as an attribute,
 * and for camelCase event props (`onConvOpenInbox`) in any version. React 19 also takes the tags
 * themselves (`<conv-envelope-badge onconv-open-inbox={…}>`), typed by
 * `conv-elements/types/react`. Each wrapper registers its element when it first renders.
 */
import type { EventName } from '@lit/react';
import { ConvCompose as ComposeElement } from '../components/compose/compose.js';
import { ConvConversationSearch as ConversationSearchElement } from '../components/conversation-search/conversation-search.js';
import type { ConvSearchCloseEvent } from '../events/search-close.js';
import { ConvContactButton as ContactButtonElement } from '../components/contact-button/contact-button.js';
import { ConvConversationList as ConversationListElement } from '../components/conversation-list/conversation-list.js';
import { ConvEnvelopeBadge as EnvelopeBadgeElement } from '../components/envelope-badge/envelope-badge.js';
import { ConvInbox as InboxElement } from '../components/inbox/inbox.js';
import { ConvNotificationSettings as NotificationSettingsElement } from '../components/notification-settings/notification-settings.js';
import { ConvNotifier as NotifierElement } from '../components/notifier/notifier.js';
import { ConvProvider as ProviderElement } from '../components/provider/provider.js';
import { ConvThread as ThreadElement } from '../components/thread/thread.js';
import type { ConvConversationSelectEvent } from '../events/conversation-select.js';
import type { ConvConversationStartedEvent } from '../events/conversation-started.js';
import type { ConvOpenConversationEvent } from '../events/open-conversation.js';
import type { ConvOpenInboxEvent } from '../events/open-inbox.js';
import type { ConvReportEvent } from '../events/report.js';
import type { ConvSettingsChangeEvent } from '../events/settings-change.js';
import type { ConvStartConversationRequestEvent } from '../events/start-conversation-request.js';
import { wrap } from './wrap.js';

export const ConvProvider = /* @__PURE__ */ wrap('conv-provider', ProviderElement, {});

export const ConvEnvelopeBadge = /* @__PURE__ */ wrap('conv-envelope-badge', EnvelopeBadgeElement, {
  onConvOpenInbox: 'conv-open-inbox' as EventName<ConvOpenInboxEvent>,
});

export const ConvInbox = /* @__PURE__ */ wrap('conv-inbox', InboxElement, {
  onConvStartConversationRequest:
    'conv-start-conversation-request' as EventName<ConvStartConversationRequestEvent>,
  onConvConversationSelect: 'conv-conversation-select' as EventName<ConvConversationSelectEvent>,
});

export const ConvConversationList = /* @__PURE__ */ wrap('conv-conversation-list', ConversationListElement, {
  onConvConversationSelect: 'conv-conversation-select' as EventName<ConvConversationSelectEvent>,
  onConvStartConversationRequest:
    'conv-start-conversation-request' as EventName<ConvStartConversationRequestEvent>,
});

export const ConvThread = /* @__PURE__ */ wrap('conv-thread', ThreadElement, {
  onConvReport: 'conv-report' as EventName<ConvReportEvent>,
});

export const ConvConversationSearch = /* @__PURE__ */ wrap(
  'conv-conversation-search',
  ConversationSearchElement,
  {
    onConvConversationSelect: 'conv-conversation-select' as EventName<ConvConversationSelectEvent>,
    onConvSearchClose: 'conv-search-close' as EventName<ConvSearchCloseEvent>,
  },
);

export const ConvCompose = /* @__PURE__ */ wrap('conv-compose', ComposeElement, {
  onConvConversationStarted: 'conv-conversation-started' as EventName<ConvConversationStartedEvent>,
});

export const ConvContactButton = /* @__PURE__ */ wrap('conv-contact-button', ContactButtonElement, {
  onConvConversationStarted: 'conv-conversation-started' as EventName<ConvConversationStartedEvent>,
  onConvOpenConversation: 'conv-open-conversation' as EventName<ConvOpenConversationEvent>,
});

export const ConvNotificationSettings = /* @__PURE__ */ wrap(
  'conv-notification-settings',
  NotificationSettingsElement,
  {
    onConvSettingsChange: 'conv-settings-change' as EventName<ConvSettingsChangeEvent>,
  },
);

export const ConvNotifier = /* @__PURE__ */ wrap('conv-notifier', NotifierElement, {
  onConvOpenConversation: 'conv-open-conversation' as EventName<ConvOpenConversationEvent>,
});
