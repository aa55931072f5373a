/**
 * The demo portal: the embedded IndexedDB backend seeded with a demo directory, one page-wide
 * client for the member chosen in "Viewing as", and the elements placed where a portal puts them.
 * The "Backend" switch moves the page to the reference server (`npm run server`), with
 * `npm start` playing the portal's server part (scripts/start.mjs: seeding, member tokens).
 */
import '../src/define/bundle-all.js';
import { connect } from '../src/context/connect.js';
import { DEMO_VIEWER_ID } from '../src/adapters/local/index.js';
import { HttpAdapter } from '../src/adapters/http/index.js';
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
const backendSelect = document.querySelector<HTMLSelectElement>('#backend')!;
const backendNotice = document.querySelector<HTMLElement>('#backend-notice')!;

let stopWatching: (() => void) | undefined;
let viewer = sessionStorage.getItem('conv-demo-viewer') ?? DEMO_VIEWER_ID;
if (!members.some((member) => member.id === viewer)) viewer = DEMO_VIEWER_ID;
/** The reference server's URL while the page uses it; undefined on the embedded backend. */
let serverUrl: string | undefined;

/** Shows `text` under the header, with `npm run server`-style spans (in backticks) as code. */
function notify(text: string, problem = false) {
  backendNotice.replaceChildren(
    ...text.split('`').map((part, i) => {
      if (i % 2 === 0) return part;
      const code = document.createElement('code');
      code.textContent = part;
      return code;
    }),
  );
  backendNotice.classList.toggle('problem', problem);
  backendNotice.hidden = false;
}

async function postJson(path: string, body: unknown): Promise<Record<string, unknown>> {
  const response = await fetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const answer: unknown = await response.json().catch(() => undefined);
  const record = typeof answer === 'object' && answer !== null ? (answer as Record<string, unknown>) : {};
  if (response.ok) return record;
  if (typeof record.message === 'string') throw new Error(record.message);
  // No answer of the demo portal's own: the page was served by something else than `npm start`.
  throw new Error(
    "This page was not served by `npm start`, which plays the portal's server part for the reference server. Run `npm start` and open the address it prints.",
  );
}

/** The portal's server signs a member token; the page never sees the admin secret. */
async function memberToken(memberId: string): Promise<string> {
  const { token } = await postJson('/demo-portal/token', { memberId });
  if (typeof token !== 'string') throw new Error('The demo portal sent no token.');
  return token;
}

/**
 * Loads the demo directory into the reference server, then checks that this page may call it.
 * Resolves with its URL, or rejects with a sentence that says what to do.
 */
async function reachServer(): Promise<string> {
  const { baseUrl } = await postJson('/demo-portal/seed', {});
  if (typeof baseUrl !== 'string') throw new Error('The demo portal did not say where the server is.');
  // The seed went server to server; the page's own calls need the server to allow this origin.
  const health = await fetch(new URL('health', `${baseUrl}/`)).catch(() => undefined);
  if (!health?.ok) {
    throw new Error(
      `The reference server at ${baseUrl} does not accept calls from this page (${location.origin}). Open the demo on port 8000, or start the server with \`CONV_CORS_ORIGINS=${location.origin} npm run server\`.`,
    );
  }
  return baseUrl;
}

async function chooseBackend(choice: string) {
  backendSelect.disabled = true;
  serverUrl = undefined;
  if (choice === 'server') {
    notify('Connecting to the reference server…');
    try {
      serverUrl = await reachServer();
      notify(
        `On the reference server at ${serverUrl}: conversations are stored there. Open this page in another browser window as another member to see them arrive.`,
      );
    } catch (error) {
      notify(
        `${error instanceof Error ? error.message : String(error)} Staying on the embedded backend.`,
        true,
      );
    }
  } else {
    backendNotice.hidden = true;
  }
  backendSelect.value = serverUrl ? 'server' : 'embedded';
  backendSelect.disabled = false;
  sessionStorage.setItem('conv-demo-backend', backendSelect.value);
  document.querySelector<HTMLElement>('#emails-embedded')!.hidden = serverUrl !== undefined;
  document.querySelector<HTMLElement>('#emails-server')!.hidden = serverUrl === undefined;
  document.querySelector<HTMLElement>('#emails')!.hidden = serverUrl !== undefined;
  viewAs(viewer);
}

function viewAs(memberId: string) {
  viewer = memberId;
  inbox.conversation = undefined;
  stopWatching?.();
  stopWatching = undefined;
  const baseUrl = serverUrl;
  if (baseUrl) {
    // One adapter per viewer, closed with its client: each holds an event stream open.
    connect(new HttpAdapter({ baseUrl, token: () => memberToken(memberId) }), {
      closeAdapterOnDispose: true,
    });
  } else {
    const adapter = backend.adapterFor(memberId);
    connect(adapter);
    // Emails are written by whichever tab sends; the viewer's events (from any tab) say when.
    stopWatching = adapter.subscribe(() => void listEmails());
  }
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
      // With the date: the list spans days, and "5:17 AM" alone reads as today's.
      time.textContent = new Intl.DateTimeFormat(document.documentElement.lang || 'en', {
        dateStyle: 'medium',
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
await chooseBackend(sessionStorage.getItem('conv-demo-backend') === 'server' ? 'server' : 'embedded');
showProfile(profileSelect.value);
void listEmails();

backendSelect.addEventListener('change', () => void chooseBackend(backendSelect.value));
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
