/**
 * Arabic strings. Not part of the library's bundles: a page registers them itself,
 * `registerStrings('ar', ar)`, and elements under `lang="ar" dir="rtl"` use them.
 */
import type { ConvStrings } from '../strings.js';

const list = (names: readonly string[]) => new Intl.ListFormat('ar', { type: 'conjunction' }).format(names);
const plural = new Intl.PluralRules('ar');

/**
 * Arabic counts take one of six forms (zero, one, two, few, many, other); the noun agrees with
 * the count, so each form is spelled out, with the number as the locale formats it.
 */
function count(
  value: number,
  formatted: string,
  forms: { zero: string; one: string; two: string; few: string; many: string; other: string },
): string {
  const form = plural.select(Math.abs(value)) as keyof typeof forms;
  return forms[form].replace('#', formatted);
}

const charactersForms = {
  zero: '# حرف',
  one: 'حرف واحد',
  two: 'حرفان',
  few: '# أحرف',
  many: '# حرفًا',
  other: '# حرف',
};

export const ar: ConvStrings = {
  envelope: (unread, formatted) =>
    unread === 0
      ? 'المحادثات'
      : `المحادثات، ${count(unread, formatted, { zero: '# غير مقروءة', one: 'رسالة غير مقروءة', two: 'رسالتان غير مقروءتين', few: '# رسائل غير مقروءة', many: '# رسالة غير مقروءة', other: '# رسالة غير مقروءة' })}`,
  notifierLabel: 'رسائل جديدة',
  newMessage: (sender, conversation) => `رسالة جديدة من ${sender} في ${conversation}`,
  newDirectMessage: (sender) => `رسالة جديدة من ${sender}`,
  openConversation: 'فتح',
  dismiss: 'إغلاق',
  settingsLegend: 'أعلمني بالرسائل الجديدة',
  settingsInApp: 'في البوابة',
  settingsInAppHint: 'يظهر تنبيه أثناء وجودك في البوابة.',
  settingsEmail: 'بالبريد الإلكتروني',
  settingsEmailHint: 'رسالة بريد واحدة لكل محادثة حتى تقرأها.',
  settingsSaved: 'تم الحفظ.',
  settingsFailed: (reason) => `لم يُحفظ: ${reason}`,
  loading: 'جارٍ التحميل…',
  retry: 'أعد المحاولة',
  unavailable: 'لا يمكن الوصول إلى المحادثات الآن.',
  group: 'مجموعة',
  conversationWith: (names) => (names.length === 0 ? 'محادثة' : list(names)),
  composeTitle: 'محادثة جديدة',
  composeClose: 'إغلاق',
  composeRecipients: 'إلى',
  composeRecipientsHint: 'ابحث عن الأعضاء والمجموعات بالاسم.',
  composeSearching: 'جارٍ البحث…',
  composeNoResults: (query) => `لا يوجد عضو أو مجموعة يطابق «${query}».`,
  composeResults: (value, formatted) =>
    count(value, formatted, {
      zero: 'لا نتائج',
      one: 'نتيجة واحدة',
      two: 'نتيجتان',
      few: '# نتائج',
      many: '# نتيجة',
      other: '# نتيجة',
    }),
  composeKindMember: 'عضو',
  composeKindGroup: 'مجموعة',
  composeChosen: 'المستلمون',
  composeRemoveRecipient: (name) => `إزالة ${name}`,
  composeRecipientLimit: (limit, formatted) =>
    `يمكن أن تضم المحادثة ${count(limit, formatted, { zero: '# أشخاص', one: 'شخصًا واحدًا', two: 'شخصين', few: '# أشخاص', many: '# شخصًا', other: '# شخص' })} آخرين على الأكثر. أزل أحدهم لإضافة غيره.`,
  composeSendAs: 'الإرسال باسم',
  composeSendAsSelf: (name) => `أنت (${name})`,
  composeMessage: 'الرسالة',
  composeConductBefore: 'تخضع المحادثات إلى ',
  composeConductLink: 'قواعد السلوك',
  composeConductAfter: '.',
  composeGuidance: 'إرشادات',
  composeSend: 'إرسال',
  composeSending: 'جارٍ الإرسال…',
  composeSent: 'تم الإرسال.',
  messageCharactersLeft: (remaining, formatted) =>
    remaining >= 0
      ? `متبقٍ ${count(remaining, formatted, charactersForms)}`
      : `${count(remaining, formatted, charactersForms)} زائدة`,
  messageErrorEmpty: 'اكتب رسالة أولًا.',
  messageErrorTooLong: (limit, actual) => `تتسع الرسالة لـ ${limit} حرف على الأكثر؛ وهذه فيها ${actual}.`,
  messageErrorTooLarge: 'الرسالة أكبر من أن تُرسل؛ اختصرها.',
  messageErrorMalformed: 'تحتوي الرسالة على أحرف لا يمكن إرسالها.',
  composeErrorNoRecipients: 'اختر عضوًا أو مجموعة على الأقل.',
  composeErrorSelfOnly: 'تحتاج المحادثة إلى شخص غيرك.',
  composeErrorTooManyRecipients: (limit) => `يمكن أن تضم المحادثة ${limit} آخرين على الأكثر.`,
  composeErrorUnknownRecipient: 'تعذّر العثور على أحد المستلمين في البوابة. أزله وابحث مجددًا.',
  composeErrorNotManager: (group) => `لم تعد تدير ${group}؛ اختر باسم من ترسل.`,
  composeErrorFailed: (reason) => `لم تُرسل: ${reason} رسالتك محفوظة.`,
  composeAdded: (name) => `أُضيف ${name}.`,
  composeRemoved: (name) => `أُزيل ${name}.`,
  contactButtonLabel: (name) => `أرسل رسالة إلى ${name}`,
  conversationListLabel: 'المحادثات',
  conversationListEmpty: 'لا محادثات بعد.',
  conversationListFailed: 'تعذّر تحميل محادثاتك.',
  conversationListStale: 'هذه المحادثات المحفوظة على هذا الجهاز؛ تعذّر تحديثها.',
  conversationListLoadingMore: 'جارٍ تحميل مزيد من المحادثات…',
  conversationUnread: (_count, formatted) => `${formatted} غير مقروءة`,
  conversationPreviewYou: (body) => `أنت: ${body}`,
  conversationNoMessages: 'لا رسائل بعد',
  startConversation: 'ابدأ محادثة',
  threadWith: (names) => (names.length === 0 ? 'محادثة' : `مع ${list(names)}`),
  threadMessages: 'الرسائل',
  threadLoadOlder: 'عرض الرسائل الأقدم',
  threadLoadingOlder: 'جارٍ تحميل الرسائل الأقدم…',
  threadEmpty: 'لا رسائل بعد.',
  threadNotFound: 'تعذّر العثور على هذه المحادثة.',
  threadChoose: 'اختر محادثة، أو ابدأ محادثة جديدة.',
  threadYou: 'أنت',
  threadOnBehalfOf: (author, group) => `${author} نيابةً عن ${group}`,
  threadIncoming: (author, body) => `${author}: ${body}`,
  threadPending: 'جارٍ الإرسال…',
  threadWaiting: 'لم تُرسَل بعد. ستُرسَل تلقائيًا.',
  threadSent: 'أُرسلت',
  threadFailed: (reason) => `لم تُرسل: ${reason}`,
  threadDiscard: 'تجاهل',
  threadReply: 'رد',
  threadSend: 'إرسال',
  reportMessage: 'الإبلاغ عن الرسالة',
  reportConversation: 'الإبلاغ عن المحادثة',
  reportMessageTitle: 'الإبلاغ عن هذه الرسالة',
  reportConversationTitle: 'الإبلاغ عن هذه المحادثة',
  reportExplanation: 'سيقرأ مشرفو البوابة بلاغك وفقًا لقواعد السلوك.',
  reportReason: 'لماذا تبلغ عنها؟',
  reportReasonRequired: 'اذكر باختصار سبب البلاغ.',
  reportReasonTooLong: (limit) => `يتسع البلاغ لـ ${limit} حرف على الأكثر.`,
  reportSubmit: 'إرسال البلاغ',
  reportCancel: 'إلغاء',
  reportSent: 'شكرًا. أُرسل بلاغك إلى البوابة.',
  reportFailed: (reason) => `لم يُرسل البلاغ: ${reason}`,
  inboxBack: 'العودة إلى المحادثات',
  // Who may message whom (S14, S15) and the contact button's states (S19), issue 15
  acceptLegend: 'من يمكنه مراسلتك',
  acceptAnyone: 'الجميع',
  acceptFollowed: 'الأعضاء الذين أتابعهم فقط',
  acceptFollowedHint: 'يبقى بإمكان الآخرين قراءة محادثاتك الحالية، لكن لا يمكنهم مراسلتك.',
  blockedLegend: 'الأعضاء المحظورون',
  blockedNone: 'لم تحظر أحدًا.',
  block: 'حظر',
  unblock: 'إلغاء الحظر',
  unblockMember: (name) => `إلغاء حظر ${name}`,
  unblocked: (name) => `لم يعد ${name} محظورًا.`,
  notAccepting: (name) => `لا يقبل ${name} رسائل منك.`,
  notAcceptingSome: (names) =>
    `لا يقبل ${new Intl.ListFormat('ar', { type: 'conjunction' }).format(names)} رسائل منك.`,
  blockMember: (name) => `حظر ${name}`,
  blockConfirm: (name) => `حظر ${name}؟ لن يتمكن من مراسلتك بعد الآن، ولن يُبلَّغ بذلك.`,
  blocked: (name) => `${name} محظور.`,
  blockFailed: (reason) => `لم يتم: ${reason}`,
  contactOpenConversation: (name) => `افتح محادثتك مع ${name}`,
  // msg-features (S24–S26): links, edit and delete, reactions.
  linkNewTab: '(يُفتح في علامة تبويب جديدة)',
  threadEdited: 'مُعدَّلة',
  threadDeleted: 'حُذفت الرسالة',
  messageEdit: 'تعديل',
  messageEditLabel: 'عدّل رسالتك',
  messageEditSave: 'حفظ',
  messageEditCancel: 'إلغاء',
  messageEditClosed: 'لم يعد ممكنًا تعديل هذه الرسالة.',
  messageDelete: 'حذف',
  messageDeleteConfirm: 'أتحذف هذه الرسالة لدى الجميع؟',
  messageChangeFailed: (reason) => `لم يتغيّر شيء: ${reason}`,
  reactionAdd: 'أضف تفاعلًا',
  reactionPicker: 'التفاعلات',
  reactionSummary: (emoji, count, names) =>
    `${emoji} ${count}: ${new Intl.ListFormat('ar', { type: 'conjunction' }).format(names)}`,
  reactionToggle: (emoji) => `تفاعل بـ ${emoji}`,
  contactSignIn: (name) => (name ? `سجّل الدخول لمراسلة ${name}` : 'سجّل الدخول لإرسال رسالة'),
  // Moderated and deleted members, group readers (S16–S18)
  partyBlocked: 'عضو محظور',
  partyDeleted: 'عضو محذوف',
  messageDeleted: 'رسالة محذوفة',
  threadOnlyDeleted: 'لا يمكن الرد: غادر جميع المشاركين الآخرين في هذه المحادثة البوابة.',
  listMyGroups: 'مجموعاتي',
  listAllConversations: 'كل المحادثات',
  listForGroup: (group) => `لـ ${group}`,
  listGroupUnread: (group, count, formatted) =>
    count === 0 ? group : `${group}، ${formatted} ${count === 1 ? 'رسالة غير مقروءة' : 'رسائل غير مقروءة'}`,
  // S27–S29, S31 (presence)
  threadSeen: 'شوهدت',
  threadSeenBy: (names, others, formatted) =>
    `شاهدها ${list(others > 0 ? [...names, others === 1 ? 'شخص آخر' : `${formatted} آخرون`] : names)}`,
  threadTyping: (names) =>
    names.length === 1
      ? `${names[0]} يكتب…`
      : names.length === 2
        ? `${names[0]} و${names[1]} يكتبان…`
        : 'عدة أشخاص يكتبون…',
  threadLeft: (name) => `غادر ${name} المحادثة`,
  threadMute: 'كتم',
  threadMuted: 'مكتومة: لا إشعارات لهذه المحادثة.',
  threadLeave: 'مغادرة',
  threadLeaveConfirm: 'مغادرة هذه المحادثة؟ لن تراها ولن تصلك أخبارها بعد الآن.',
  threadLeaveYes: 'مغادرة المحادثة',
  threadLeaveNo: 'البقاء',
  conversationMuted: 'مكتومة',
  conversationMarkUnread: 'تعليم كغير مقروءة (U)',
  settingsPrivacyLegend: 'ما يراه الآخرون',
  settingsReceipts: 'إشعارات القراءة والكتابة',
  settingsReceiptsHint: 'يرى الآخرون متى قرأت رسائلهم ومتى تكتب. عند الإيقاف لا ترى ذلك منهم أيضًا.',
  // Search your conversations (S30)
  searchOpen: 'البحث في المحادثات',
  searchLabel: 'البحث بالاسم أو بنص الرسالة',
  searchClose: 'إغلاق البحث',
  searchSearching: 'جارٍ البحث…',
  searchByName: 'المحادثات',
  searchByText: 'الرسائل',
  searchNothing: (query) => `لم يُعثر على شيء لـ «${query}».`,
  searchTooLong: (limit) => `يتسع البحث لـ ${limit} حرفًا على الأكثر.`,
  searchFound: (count, formatted) => (count === 1 ? 'نتيجة واحدة' : `${formatted} نتائج`),
  threadLoadNewer: 'عرض الرسائل الأحدث',
  threadShowLatest: 'الانتقال إلى أحدث الرسائل',
  // Data out (issue 16)
  settingsExport: 'تنزيل بياناتي',
  settingsExportHint: 'كل المحادثات التي تراها، بكل رسائلها، وإعداداتك، في ملف JSON.',
  settingsExporting: 'جارٍ تجهيز بياناتك…',
  settingsExportFailed: (reason) => `تعذّر تنزيل بياناتك: ${reason}`,
  settingsEmailDigest: 'رسالة ملخّص بدلًا من ذلك',
  settingsEmailDigestHint: 'رسالة واحدة على الأكثر كل بضع ساعات، تذكر كل محادثة فيها رسائل غير مقروءة.',
};
