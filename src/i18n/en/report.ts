/**
 * The English entries only the thread's report dialog (`components/thread/report-dialog.ts`) reads. It adds them as
 * it loads (`addEnglish`), so that a page that never opens it does not carry them; the locale
 * tables have them as usual.
 */
import type { ConvStrings, ReportKey } from '../strings.js';

export const reportEnglish: Pick<ConvStrings, ReportKey> = {
  reportMessageTitle: 'Report this message',
  reportConversationTitle: 'Report this conversation',
  reportExplanation: "The portal's moderators will read your report, in line with its code of conduct.",
  reportReason: 'Why are you reporting it?',
  reportReasonRequired: 'Say briefly why you are reporting this.',
  reportReasonTooLong: (limit) => `A report holds at most ${limit} characters.`,
  reportSubmit: 'Send report',
  reportSent: 'Thank you. Your report was sent to the portal.',
  reportFailed: (reason) => `The report was not sent: ${reason}`,
};
