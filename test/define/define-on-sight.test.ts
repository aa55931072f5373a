/**
 * `defineOnSight`, which lets `conv-elements.js` download an element only once a page places it.
 * The loaders here define real elements, as the bundle's dynamic imports do.
 */
import { expect, waitUntil } from '@open-wc/testing';
import { defineOnSight, type ElementLoaders } from '../../src/define/define-on-sight.js';

let run = 0;

/** Fresh tag names per test (a registry cannot forget a definition), and a count of loads. */
function elements(...names: string[]) {
  run++;
  const tags = names.map((name) => `sight-${run}-${name}`);
  const loads = new Map<string, number>(tags.map((tag) => [tag, 0]));
  const loaders: Record<string, () => Promise<void>> = {};
  for (const tag of tags) {
    loaders[tag] = async () => {
      loads.set(tag, loads.get(tag)! + 1);
      customElements.define(tag, class extends HTMLElement {});
    };
  }
  return { tags, loads, loaders: loaders as ElementLoaders };
}

describe('defineOnSight', () => {
  const placed: Element[] = [];
  function place(markup: string, parent: ParentNode = document.body): HTMLElement {
    const host = document.createElement('div');
    host.innerHTML = markup;
    parent.append(host);
    placed.push(host);
    return host;
  }
  afterEach(() => placed.splice(0).forEach((element) => element.remove()));

  it('defines the tags already in the document, and only those', async () => {
    const { tags, loads, loaders } = elements('a', 'b');
    place(`<${tags[0]}></${tags[0]}>`);
    defineOnSight(loaders);
    await customElements.whenDefined(tags[0]);
    expect(loads.get(tags[0])).to.equal(1);
    expect(loads.get(tags[1])).to.equal(0);
    expect(customElements.get(tags[1])).to.equal(undefined);
  });

  it('defines a tag when script or the parser adds it later, deep in the page', async () => {
    const { tags, loads, loaders } = elements('a');
    defineOnSight(loaders);
    place(`<section><p><${tags[0]}></${tags[0]}></p></section>`);
    await customElements.whenDefined(tags[0]);
    expect(document.querySelector(tags[0])!.matches(':defined')).to.equal(true);
    place(`<${tags[0]}></${tags[0]}>`);
    await new Promise((resolve) => setTimeout(resolve));
    expect(loads.get(tags[0]), 'loaded once, however often it is placed').to.equal(1);
  });

  it('leaves a tag that something else defined first alone', async () => {
    const { tags, loads, loaders } = elements('a');
    customElements.define(tags[0], class extends HTMLElement {});
    place(`<${tags[0]}></${tags[0]}>`);
    defineOnSight(loaders);
    await new Promise((resolve) => setTimeout(resolve));
    expect(loads.get(tags[0])).to.equal(0);
  });

  it('finds tags in a shadow root it is given', async () => {
    const { tags, loaders } = elements('a');
    const discover = defineOnSight(loaders);
    const root = place('').attachShadow({ mode: 'open' });
    root.innerHTML = `<${tags[0]}></${tags[0]}>`;
    await new Promise((resolve) => setTimeout(resolve));
    expect(customElements.get(tags[0]), 'the document watch cannot see into it').to.equal(undefined);
    discover(root);
    await customElements.whenDefined(tags[0]);
  });

  /**
   * Places one tag whose download fails while `offline` is set (the network is the edge faked
   * here), starts `defineOnSight`, and resolves with what it reported once the failure is in.
   */
  async function placeWhileOffline() {
    const { tags, loads, loaders } = elements('a');
    const network = { offline: true };
    const flaky: ElementLoaders = {
      [tags[0]]: () =>
        network.offline ? Promise.reject(new TypeError('Failed to fetch')) : loaders[tags[0]](),
    };
    const reported: unknown[] = [];
    const previous = window.onerror;
    window.onerror = (_message, _source, _line, _column, error) => {
      reported.push(error);
      return true;
    };
    try {
      place(`<${tags[0]}></${tags[0]}>`);
      defineOnSight(flaky);
      await waitUntil(() => reported.length === 1, 'the failure was never reported');
    } finally {
      window.onerror = previous;
    }
    return { tag: tags[0], loads, network, reported };
  }

  it('reports a failed download and tries again when the tag is next placed', async () => {
    const { tag, loads, network, reported } = await placeWhileOffline();
    expect(reported[0]).to.be.instanceOf(TypeError);
    expect(customElements.get(tag)).to.equal(undefined);
    network.offline = false;
    place(`<${tag}></${tag}>`);
    await customElements.whenDefined(tag);
    expect(loads.get(tag)).to.equal(1);
  });

  it('tries a failed download again for the tags on the page once the browser is back online', async () => {
    const { tag, network } = await placeWhileOffline();
    network.offline = false;
    window.dispatchEvent(new Event('online'));
    await customElements.whenDefined(tag);
    expect(document.querySelector(tag)!.matches(':defined')).to.equal(true);
  });
});
