/**
 * A page-wide `ContextRoot`: consumers that upgrade before any provider exists (the badge's
 * script ran first, or the provider's element is defined later) keep their request on file and
 * get the client as soon as a provider appears.
 *
 * It listens on `document`, above `document.documentElement`, where the page-wide provider sits:
 * that provider stops the requests it answers, so the root only keeps the unanswered ones.
 * One per page, shared through a global symbol, however many copies of the library are loaded.
 */
import { ContextRoot } from '@lit/context';

const ROOT = Symbol.for('conv-elements/context-root');

export function ensureContextRoot(): void {
  if (typeof document === 'undefined') return;
  const global = globalThis as { [ROOT]?: ContextRoot };
  if (global[ROOT]) return;
  const root = new ContextRoot();
  // `attach` only adds event listeners; `document` takes them as well as an element does.
  root.attach(document as unknown as HTMLElement);
  global[ROOT] = root;
}
