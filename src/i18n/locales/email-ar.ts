/** Arabic emails and unsubscribe page (S22), right to left; see `../email-strings.ts`. */
import type { EmailStrings } from '../email-strings.js';

export const ar: EmailStrings = {
  emailSubject: (sender) => `رسالة جديدة من ${sender}`,
  emailSubjectFromGroup: (group) => `رسالة جديدة من ${group}`,
  emailSubjectToGroup: (sender, group) => `رسالة جديدة من ${sender} إلى ${group}`,
  emailIntroNewConversation: (sender) => `بدأ ${sender} محادثة معك:`,
  emailIntroNewMessage: (sender) => `كتب ${sender}:`,
  emailIntroToGroup: (sender, group) => `كتب ${sender} إلى ${group}، وهي مجموعة تديرها:`,
  emailIntroFromGroup: (author, group) => `كتب ${author} باسم ${group}:`,
  emailOpen: 'رد',
  emailFirstUnreadNote:
    'تصلك رسالة بريد واحدة على الأكثر لكل محادثة حتى تقرأها. يمكنك تغيير ذلك في إعدادات الإشعارات.',
  emailUnsubscribe: 'إيقاف هذه الرسائل',
  emailDigestSubject: (count, formatted) =>
    count === 1
      ? 'رسائل غير مقروءة في محادثة واحدة'
      : count === 2
        ? 'رسائل غير مقروءة في محادثتين'
        : `رسائل غير مقروءة في ${formatted} محادثات`,
  emailDigestIntro: (count, formatted) =>
    count === 1 ? 'في محادثة واحدة رسائل غير مقروءة:' : `في ${formatted} محادثات رسائل غير مقروءة:`,
  emailDigestLine: (conversation, count, formatted) =>
    `${conversation}: ${count === 1 ? 'رسالة واحدة غير مقروءة' : `${formatted} رسائل غير مقروءة`}`,
  emailDigestNote: (hours) => `يصلك هذا الملخّص مرة كل ${hours} ساعات على الأكثر.`,
  unsubscribeTitle: 'رسائل البريد عن الرسائل الجديدة',
  unsubscribeQuestion: 'هل تريد إيقاف رسائل البريد عن الرسائل الجديدة؟',
  unsubscribeButton: 'إيقاف هذه الرسائل',
  unsubscribeDone:
    'تم: لن تصلك بعد الآن رسائل بريد عن الرسائل الجديدة. يمكنك تشغيلها من جديد في إعدادات الإشعارات.',
  unsubscribeInvalid: 'هذا الرابط غير صالح. غيّر إعدادات البريد من إعدادات الإشعارات بدلًا من ذلك.',
};
