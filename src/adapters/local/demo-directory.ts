/**
 * The demo portal: members with names from many cultures and scripts (some long, some written
 * right to left), five groups with their managers, and a few conversations so the inbox is not
 * empty. Loaded only by `LocalBackend.seedDemo()`, through a dynamic import, so bundles that
 * never seed do not carry it. No avatar URLs: elements show initials, and the demo reaches no
 * other site.
 */
import type { DirectoryData } from '../../core/types.js';
import { DEMO_VIEWER_ID, type DemoConversation } from './demo.js';

export const DEMO_DIRECTORY: DirectoryData = {
  members: [
    { id: DEMO_VIEWER_ID, name: 'Amara Okafor' },
    { id: 'layla-hosseini', name: 'ليلى الحسيني' },
    { id: 'noa-levi', name: 'נועה לוי' },
    { id: 'dariush-rezaei', name: 'داریوش رضایی' },
    { id: 'maria-goncalves', name: 'Maria Fernanda Gonçalves de Albuquerque e Silva' },
    { id: 'nguyen-minh-khai', name: 'Nguyễn Thị Minh Khai' },
    { id: 'oluwaseun-adebayo', name: 'Oluwaseun Adebayo-Okonkwo' },
    { id: 'siddharth-iyer', name: 'Siddharth Venkataraman Iyer' },
    { id: 'wang-xiaoming', name: '王小明' },
    // S14: accepts messages only from members she follows (Layla), not from the demo viewer.
    { id: 'sato-hanako', name: '佐藤 花子', follows: ['layla-hosseini'] },
    { id: 'kim-minjun', name: '김민준' },
    { id: 'athanasios-papadopoulos', name: 'Αθανάσιος Παπαδόπουλος' },
    { id: 'anastasia-kuznetsova', name: 'Анастасия Кузнецова' },
    { id: 'cagla-yildirim', name: 'Çağla Yıldırım' },
    { id: 'lukasz-wisniewski', name: 'Łukasz Wiśniewski' },
    { id: 'sigridur-thordardottir', name: 'Sigríður Þórðardóttir' },
    { id: 'ananya-sharma', name: 'अनन्या शर्मा' },
    { id: 'somchai-jaidee', name: 'สมชาย ใจดี' },
    { id: 'wanjiru-kamau', name: 'Wanjiru Kamau' },
    { id: 'siobhan-ni-bhriain', name: 'Siobhán Ní Bhriain' },
    { id: 'jurgen-gross', name: 'Jürgen Groß' },
    { id: 'anais-lefevre', name: 'Anaïs Lefèvre' },
    { id: 'jose-angel-munoz', name: 'José Ángel Muñoz' },
    { id: 'aroha-ngata', name: 'Aroha Ngāta' },
    { id: 'vaino-makinen', name: 'Väinö Mäkinen' },
    { id: 'zsofia-kovacs', name: 'Zsófia Kovács' },
    { id: 'jiri-dvorak', name: 'Jiří Dvořák' },
    { id: 'nino-beridze', name: 'ნინო ბერიძე' },
    { id: 'henok-tesfaye', name: 'ሄኖክ ተስፋዬ' },
    { id: 'yusuf-al-rashid', name: 'يوسف بن عبد الله الرشيد' },
    { id: 'emma-johansson', name: 'Emma Johansson' },
    // S16, S17: blocked by the moderators, and deleted with their messages (see DEMO_MODERATION).
    { id: 'pavel-novak', name: 'Pavel Novák' },
    { id: 'ingrid-berg', name: 'Ingrid Berg' },
  ],
  groups: [
    {
      id: 'translators',
      name: 'Translators',
      managers: [DEMO_VIEWER_ID],
      members: ['layla-hosseini', 'noa-levi', 'sato-hanako', 'anastasia-kuznetsova', 'jose-angel-munoz'],
    },
    {
      id: 'documentation',
      name: 'Documentation team',
      managers: ['maria-goncalves'],
      members: ['siddharth-iyer', 'emma-johansson', DEMO_VIEWER_ID, 'jiri-dvorak'],
    },
    {
      id: 'events',
      name: 'Community events',
      managers: ['oluwaseun-adebayo', 'siobhan-ni-bhriain'],
      members: ['wanjiru-kamau', 'aroha-ngata', 'anais-lefevre', 'cagla-yildirim'],
    },
    {
      id: 'product',
      name: 'Product team',
      managers: ['jurgen-gross'],
      members: ['kim-minjun', 'wang-xiaoming', 'zsofia-kovacs', 'vaino-makinen'],
    },
    {
      id: 'mena-chapter',
      name: 'فريق الشرق الأوسط وشمال أفريقيا',
      // S18: only its managers read its conversations.
      readers: 'managers',
      managers: ['yusuf-al-rashid'],
      members: ['layla-hosseini', 'dariush-rezaei', 'noa-levi'],
    },
  ],
};

/**
 * The privacy states a designer needs to see (S14, S15): members who accept messages only from
 * members they follow (shown disabled, with the reason, in compose), and members the demo viewer
 * has blocked (listed in the settings, each with Unblock).
 */
export const DEMO_PRIVACY = {
  acceptsFollowedOnly: ['sato-hanako'],
  blockedByViewer: ['jurgen-gross'],
} as const;

export const DEMO_CONVERSATIONS: readonly DemoConversation[] = [
  {
    participants: [
      { kind: 'member', id: 'maria-goncalves' },
      { kind: 'member', id: DEMO_VIEWER_ID },
    ],
    messages: [
      {
        author: 'maria-goncalves',
        body: 'Hi Amara! Could you look over the new getting-started guide before Friday?',
        minutesAgo: 2 * 24 * 60,
      },
      {
        author: DEMO_VIEWER_ID,
        body: 'Of course. Send me the link when it is ready.',
        minutesAgo: 2 * 24 * 60 - 45,
      },
      {
        author: 'maria-goncalves',
        body: 'Here it is: the draft is in the docs repository, branch "getting-started". Thank you! 🙏',
        minutesAgo: 90,
      },
    ],
  },
  {
    participants: [
      { kind: 'group', id: 'translators' },
      { kind: 'member', id: 'henok-tesfaye' },
      { kind: 'member', id: 'nino-beridze' },
    ],
    messages: [
      {
        author: DEMO_VIEWER_ID,
        asGroup: 'translators',
        body: 'Welcome to the translators! Would you like to start with the Amharic and Georgian glossaries?',
        minutesAgo: 26 * 60,
      },
      { author: 'nino-beridze', body: 'დიახ, სიამოვნებით! Yes, gladly.', minutesAgo: 25 * 60 },
    ],
  },
  {
    participants: [
      { kind: 'member', id: 'layla-hosseini' },
      { kind: 'group', id: 'translators' },
    ],
    messages: [
      {
        author: 'layla-hosseini',
        body: 'مرحباً بالجميع! لقد انتهيت من ترجمة صفحة الأسئلة الشائعة إلى العربية.',
        minutesAgo: 5 * 60,
      },
      { author: 'noa-levi', body: 'מעולה! אני אבדוק את הגרסה העברית מחר.', minutesAgo: 4 * 60 },
    ],
  },
  {
    participants: [
      { kind: 'member', id: 'oluwaseun-adebayo' },
      { kind: 'member', id: DEMO_VIEWER_ID },
      { kind: 'member', id: 'wanjiru-kamau' },
      { kind: 'member', id: 'dariush-rezaei' },
    ],
    messages: [
      {
        author: 'oluwaseun-adebayo',
        body: 'Shall the four of us plan the spring meet-up? I can host in Lagos or online.',
        minutesAgo: 3 * 24 * 60,
      },
      {
        author: 'dariush-rezaei',
        body: 'آنلاین برای من بهتر است. Online works best for me.',
        minutesAgo: 3 * 24 * 60 - 30,
      },
      { author: DEMO_VIEWER_ID, body: 'Online it is. I will draft an agenda.', minutesAgo: 3 * 24 * 60 - 10 },
    ],
  },
  {
    participants: [
      { kind: 'member', id: 'pavel-novak' },
      { kind: 'member', id: DEMO_VIEWER_ID },
    ],
    messages: [
      { author: 'pavel-novak', body: 'Great deals on followers, just click my profile!', minutesAgo: 8 * 60 },
    ],
  },
  {
    participants: [
      { kind: 'member', id: 'ingrid-berg' },
      { kind: 'member', id: DEMO_VIEWER_ID },
    ],
    messages: [
      {
        author: 'ingrid-berg',
        body: 'I am leaving the portal; thanks for everything.',
        minutesAgo: 6 * 24 * 60,
      },
      { author: DEMO_VIEWER_ID, body: 'Good luck, Ingrid!', minutesAgo: 6 * 24 * 60 - 20 },
    ],
  },
];

/** What the portal's moderators did in the demo, after the conversations happened (S16, S17). */
export const DEMO_MODERATION = {
  blocked: ['pavel-novak'],
  deleted: [{ id: 'ingrid-berg', eraseMessages: true }],
} as const;
