/**
 * The demo portal: the embedded IndexedDB backend seeded with a demo directory, one page-wide
 * client for the member chosen in "Viewing as", and the elements placed where a portal puts them.
 */
import '../src/define/bundle-all.js';
import { connect } from '../src/context/connect.js';
import { DEMO_VIEWER_ID, LocalBackend } from '../src/adapters/local/index.js';
import type { ConvContactButton } from '../src/components/contact-button/contact-button.js';
import type { Member } from '../src/core/types.js';

const backend = new LocalBackend({ name: 'conv-elements-demo' });
await backend.seedDemo();
const members = await backend.listMembers();
const viewerSelect = document.querySelector<HTMLSelectElement>('#viewer')!;
const profileSelect = document.querySelector<HTMLSelectElement>('#profile-select')!;
const contact = document.querySelector<ConvContactButton>('#contact')!;

function fillSelect(select: HTMLSelectElement, people: readonly Member[], chosen: string) {
  select.replaceChildren(
    ...people.map((member) => {
      const option = new Option(member.name, member.id, false, member.id === chosen);
      return option;
    }),
  );
}

function viewAs(memberId: string) {
  connect(backend.adapterFor(memberId));
  sessionStorage.setItem('conv-demo-viewer', memberId);
}

function showProfile(memberId: string) {
  const member = members.find((candidate) => candidate.id === memberId);
  document.querySelector('#profile-person')!.textContent = member?.name ?? '';
  contact.member = memberId;
  contact.name = member?.name;
}

async function listEmails() {
  const emails = await backend.listEmails();
  document.querySelector('#emails')!.replaceChildren(
    ...emails.slice(0, 10).map((email) => {
      const item = document.createElement('li');
      item.textContent = `To ${email.to.name}: ${email.subject}`;
      return item;
    }),
  );
}

const viewer = sessionStorage.getItem('conv-demo-viewer') ?? DEMO_VIEWER_ID;
fillSelect(viewerSelect, members, viewer);
const firstOther = members.find((member) => member.id !== viewer)!;
fillSelect(profileSelect, members, firstOther.id);
viewAs(viewer);
showProfile(firstOther.id);
void listEmails();

viewerSelect.addEventListener('change', () => viewAs(viewerSelect.value));
profileSelect.addEventListener('change', () => showProfile(profileSelect.value));
// Emails are written by whichever tab sends; refresh the list on each new message event.
backend.adapterFor(viewer).subscribe(() => void listEmails());
