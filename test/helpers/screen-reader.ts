/**
 * What a screen-reader user hears, through `@guidepup/virtual-screen-reader`.
 *
 * The virtual screen reader (0.33) builds its tree from `childNodes` and watches the page with one
 * `MutationObserver` on its container (`subtree` does not cross shadow boundaries), so on its own
 * it hears nothing inside a shadow root: our elements would be silent. Two of its public entry
 * points let it hear the flat tree a real screen reader reads:
 *
 * - live regions: `start({ window })` takes the window whose `MutationObserver` it uses; we hand
 *   it one that also observes every open shadow root under the page (found again on every change,
 *   so shadow roots rendered later are heard too). Its own live-region rules then decide what is
 *   spoken (polite or assertive, atomic, relevant), exactly as for light DOM.
 * - focus: when focus moves, a reader speaks the focused element (and the dialog it entered). A
 *   shadow root retargets `focusin`, so the reader would only see the outermost host; we take the
 *   real target from the event's composed path and let a short-lived reader started on it (and on
 *   the dialog around it, if that changed) say its phrase.
 *
 * What stays out of reach: reading the page with arrow keys (`next()`) is light-DOM only (the
 * tests pin what a member hears when something happens, not a walk through the markup), and the
 * reader finds a change's live region by walking up `parentElement`, which stops at a shadow root:
 * a live region must be inside the same shadow tree as the change (ours all are).
 */
import { Virtual } from '@guidepup/virtual-screen-reader/browser.js';

/** The composed-tree descendants' open shadow roots of `root`, nested ones included. */
function shadowRootsUnder(root: Node): ShadowRoot[] {
  const found: ShadowRoot[] = [];
  const visit = (node: Node) => {
    const walker = document.createTreeWalker(node, NodeFilter.SHOW_ELEMENT);
    for (
      let element = walker.nextNode() as Element | null;
      element;
      element = walker.nextNode() as Element | null
    ) {
      const shadow = element.shadowRoot;
      if (shadow) {
        found.push(shadow);
        visit(shadow);
      }
    }
  };
  visit(root);
  return found;
}

/**
 * The batch of changes as the reader should take it. A change made directly in a shadow root is a
 * change of its host's content (the reader looks for the live region from a change's target up,
 * and a shadow root has no parent element). A text node added and then given its text in the
 * same batch (lit-html does that) is one change, spoken once, as a browser coalesces it.
 */
function asTheReaderShouldSee(records: MutationRecord[]): MutationRecord[] {
  const added = new Set<Node>(records.flatMap((record) => [...record.addedNodes]));
  return records
    .filter((record) => !(record.type === 'characterData' && added.has(record.target)))
    .map((record) =>
      record.target instanceof ShadowRoot
        ? ({
            type: record.type,
            target: record.target.host,
            addedNodes: record.addedNodes,
            removedNodes: record.removedNodes,
          } as unknown as MutationRecord)
        : record,
    );
}

/** A `MutationObserver` for the reader that sees through open shadow roots under `scope`. */
function piercingObserver(
  scope: Node,
  onNewRoot: (root: ShadowRoot) => void,
  afterChange: () => void,
): typeof MutationObserver {
  return class PiercingMutationObserver extends MutationObserver {
    private readonly watched = new WeakSet<Node>();
    private options?: MutationObserverInit;

    constructor(callback: MutationCallback) {
      super((records, observer) => {
        this.watchNewRoots();
        callback(asTheReaderShouldSee(records), observer);
        // The reader speaks one task later; this runs after it.
        afterChange();
      });
    }

    override observe(_target: Node, options?: MutationObserverInit): void {
      this.options = options;
      super.observe(scope, options);
      this.watched.add(scope);
      this.watchNewRoots();
    }

    private watchNewRoots(): void {
      for (const shadow of shadowRootsUnder(scope)) {
        if (this.watched.has(shadow)) continue;
        this.watched.add(shadow);
        super.observe(shadow, this.options);
        onNewRoot(shadow);
      }
    }
  };
}

function isDialog(element: Element): boolean {
  const role = element.getAttribute('role');
  return role === 'dialog' || role === 'alertdialog' || (role === null && element.localName === 'dialog');
}

/** The nearest dialog around `element` in the flat tree (across shadow boundaries). */
function dialogAround(element: Element): Element | undefined {
  for (let node: Node | null = element; node;) {
    if (node instanceof Element && isDialog(node)) return node;
    const parent: Node | null = node.parentNode;
    node = parent instanceof ShadowRoot ? parent.host : parent;
  }
  return undefined;
}

/**
 * What the virtual screen reader says when its cursor lands on `element`, as the element is at
 * the moment of the call: the reader computes its phrase synchronously in `start()`.
 */
export function phraseFor(element: Element): Promise<string> {
  const reader = new Virtual();
  // Its own observers stay off: this reader only speaks its first item, then stops.
  const started = reader.start({ container: element, window: { MutationObserver: undefined } as never });
  return (async () => {
    await started;
    const phrase = (await reader.spokenPhraseLog())[0] ?? '';
    await reader.stop();
    return phrase;
  })();
}

export interface Ear {
  /** Everything spoken so far, in order: focus phrases and live announcements (`polite: …`). */
  transcript(): Promise<string[]>;
  stop(): Promise<void>;
}

/** Starts listening to `scope` (default: the whole page) as a screen-reader user would. */
export async function listen(scope: Node = document.body): Promise<Ear> {
  // In the order spoken; a focus phrase is taken at the moment of the focus change.
  const spoken: (string | Promise<string>)[] = [];
  const live = new Virtual();
  let liveHeard = 0;
  let draining = Promise.resolve();
  const drainLive = () =>
    (draining = draining.then(async () => {
      const log = await live.spokenPhraseLog();
      spoken.push(...log.slice(liveHeard));
      liveHeard = log.length;
    }));

  let lastDialog: Element | undefined;
  const spokenFocus = new WeakSet<Event>();
  const onFocus = (event: Event) => {
    // The same event reaches the document and each shadow root it passes through.
    if (spokenFocus.has(event)) return;
    spokenFocus.add(event);
    const target = event.composedPath()[0];
    if (!(target instanceof Element)) return;
    const dialog = dialogAround(target);
    if (dialog && dialog !== lastDialog && dialog !== target) spoken.push(phraseFor(dialog));
    lastDialog = dialog;
    spoken.push(phraseFor(target));
  };
  // Focus moving inside one shadow root is not heard at the document (its retargeted target and
  // related target are the same host), so listen in every shadow root too.
  const focusRoots = new Set<Document | ShadowRoot>();
  const listenForFocus = (root: Document | ShadowRoot) => {
    focusRoots.add(root);
    root.addEventListener('focusin', onFocus, true);
  };
  listenForFocus(document);

  // The live reader's container is a detached element: it only bounds the walk up from a change
  // to its live region, and receives no focus (focus is spoken above, from the real target).
  await live.start({
    container: document.createElement('div'),
    window: {
      MutationObserver: piercingObserver(scope, listenForFocus, () => setTimeout(() => void drainLive())),
      document,
    } as never,
  });

  // The reader speaks a live change one task after it; let every pending one land.
  const settle = async () => {
    await new Promise((resolve) => setTimeout(resolve, 20));
    await drainLive();
    return Promise.all(spoken);
  };
  return {
    transcript: settle,
    async stop() {
      for (const root of focusRoots) root.removeEventListener('focusin', onFocus, true);
      await live.stop();
    },
  };
}
