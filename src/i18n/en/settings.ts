/**
 * The English entries only the settings element (`components/notification-settings/`) reads. It adds them as
 * it loads (`addEnglish`), so that a page that never opens it does not carry them; the locale
 * tables have them as usual.
 */
import type { ConvStrings, SettingsKey } from '../strings.js';

export const settingsEnglish: Pick<ConvStrings, SettingsKey> = {
  settingsLegend: 'Tell me about new messages',
  settingsInApp: 'In the portal',
  settingsInAppHint: 'A notice appears while you are on the portal.',
  settingsEmail: 'By email',
  settingsEmailHint: 'One email per conversation until you have read it.',
  settingsSaved: 'Saved.',
  settingsFailed: (reason) => `Not saved: ${reason}`,
  acceptLegend: 'Who can send you messages',
  acceptAnyone: 'Anyone',
  acceptFollowed: 'Only members I follow',
  acceptFollowedHint: 'Others can still read your existing conversations but cannot write to you.',
  blockedLegend: 'Blocked members',
  blockedNone: 'You have not blocked anyone.',
  settingsPrivacyLegend: 'What others see',
  settingsReceipts: 'Read receipts and typing',
  settingsReceiptsHint:
    'Others see when you have read their messages and when you are typing. Off, you see neither of theirs.',
  settingsExport: 'Download my data',
  settingsExportHint:
    'Every conversation you can see, with all its messages, and your settings, as a JSON file.',
  settingsExporting: 'Preparing your data…',
  settingsExportFailed: (reason) => `Your data could not be downloaded: ${reason}`,
  settingsEmailDigest: 'One summary email instead',
  settingsEmailDigestHint:
    'At most one email every few hours, listing every conversation with unread messages.',
};
