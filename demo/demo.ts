/**
 * The demo portal: the embedded IndexedDB backend seeded with a demo directory, one page-wide
 * client for the member chosen in "Viewing as", and the elements placed where a portal puts them.
 */
import '../src/define/bundle-all.js';
import { connect } from '../src/context/connect.js';
import { DEMO_VIEWER_ID } from '../src/adapters/local/index.js';
import type { ConvContactButton } from '../src/components/contact-button/contact-button.js';
import type { ConvInbox } from '../src/components/inbox/inbox.js';
import type { Member } from '../src/core/types.js';
import { backend, demoMembers, fillMemberSelect } from './shared.js';
import { mountThemePanel } from './theme.js';

mountThemePanel(document.querySelector<HTMLElement>('#theme')!);

const members = await demoMembers();
const viewerSelect = document.querySelector<HTMLSelectElement>('#viewer')!;
const profileSelect = document.querySelector<HTMLSelectElement>('#profile-select')!;
const contact = document.querySelector<ConvContactButton>('#contact')!;
const inbox = document.querySelector<ConvInbox>('conv-inbox')!;

let stopWatching: (() => void) | undefined;
let viewer = sessionStorage.getItem('conv-demo-viewer') ?? DEMO_VIEWER_ID;
if (!members.some((member) => member.id === viewer)) viewer = DEMO_VIEWER_ID;

function viewAs(memberId: string) {
  viewer = memberId;
  inbox.conversation = undefined;
  const adapter = backend.adapterFor(memberId);
  connect(adapter);
  // Emails are written by whichever tab sends; the viewer's events (from any tab) say when.
  stopWatching?.();
  stopWatching = adapter.subscribe(() => void listEmails());
  sessionStorage.setItem('conv-demo-viewer', memberId);
  // One's own profile has no contact button: show someone else's.
  if (profileSelect.value === memberId || !profileSelect.value) {
    const other = members.find((member) => member.id !== memberId)!;
    profileSelect.value = other.id;
    showProfile(other.id);
  }
}

function initials(name: string): string {
  return [...name.split(/\s+/).filter(Boolean)]
    .slice(0, 2)
    .map((word) => [...word][0])
    .join('');
}

function showProfile(memberId: string) {
  const member: Member | undefined = members.find((candidate) => candidate.id === memberId);
  if (!member) return;
  document.querySelector('#profile-person')!.textContent = member.name;
  document.querySelector('#profile-initials')!.textContent = initials(member.name);
  document.querySelector('#profile-kind')!.textContent =
    member.id === viewer ? 'This is you.' : 'Member since 2021 · 14 contributions';
  contact.member = memberId;
  contact.name = member.name;
}

async function listEmails() {
  const emails = await backend.listEmails();
  const list = document.querySelector('#emails')!;
  if (emails.length === 0) {
    const empty = document.createElement('li');
    empty.textContent = 'None yet. Write to a member whose email setting is on.';
    list.replaceChildren(empty);
    return;
  }
  list.replaceChildren(
    ...emails.slice(0, 8).map((email) => {
      const item = document.createElement('li');
      const time = document.createElement('time');
      time.dateTime = new Date(email.createdAt).toISOString();
      time.textContent = new Intl.DateTimeFormat(document.documentElement.lang || 'en', {
        timeStyle: 'short',
      }).format(email.createdAt);
      const text = document.createElement('span');
      text.textContent = `To ${email.to.name}: ${email.subject}`;
      item.append(time, ' ', text);
      return item;
    }),
  );
}

fillMemberSelect(viewerSelect, members, viewer);
fillMemberSelect(profileSelect, members, members.find((member) => member.id !== viewer)!.id);
viewAs(viewer);
showProfile(profileSelect.value);
void listEmails();

viewerSelect.addEventListener('change', () => viewAs(viewerSelect.value));
profileSelect.addEventListener('change', () => showProfile(profileSelect.value));
// A notice's "Open" and a conversation started from the profile both open it in the inbox.
document.addEventListener('conv-open-conversation', (event) => {
  event.preventDefault();
  inbox.conversation = event.detail.conversationId;
  inbox.scrollIntoView({ block: 'start' });
});
document.addEventListener('conv-conversation-started', (event) => {
  if (event.composedPath().includes(inbox)) return;
  inbox.conversation = event.detail.conversationId;
});
