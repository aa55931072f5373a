/**
 * Members in their own browsing contexts: each tab is a same-origin iframe (fixtures/member-tab.html)
 * with its own documents, elements and client, as two members on two machines would have.
 */
import type { ConvEnvelopeBadge } from '../../../src/components/envelope-badge/envelope-badge.js';
import type { MemberTab } from './fixtures/member-tab.js';

export interface OpenedTab {
  readonly frame: HTMLIFrameElement;
  readonly tab: MemberTab;
}

/** Opens a new member tab and resolves once its script is ready to connect. */
export function openTab(): Promise<OpenedTab> {
  const frame = document.createElement('iframe');
  frame.src = new URL('./fixtures/member-tab.html', import.meta.url).href;
  return new Promise((resolve) => {
    frame.addEventListener('load', () => {
      const win = frame.contentWindow!;
      if (win.memberTab) resolve({ frame, tab: win.memberTab });
      else
        win.addEventListener('member-tab-ready', () => resolve({ frame, tab: win.memberTab! }), {
          once: true,
        });
    });
    document.body.append(frame);
  });
}

/** What a screen reader says for the envelope: its accessible name. */
export function envelopeName(badge: ConvEnvelopeBadge): string | null | undefined {
  return badge.shadowRoot?.querySelector('[part="base"]')?.getAttribute('aria-label');
}
