/**
 * No attribute or property of an element may shadow a built-in of `HTMLElement`: React 19 sets
 * a prop as a property whenever the element has one of that name, so `<conv-provider dataset=…>`
 * crashed a React app (`dataset` is every element's map of its `data-*` attributes), and Vue
 * failed silently. Checked against the elements as custom-elements.json describes them.
 */
import { expect } from '@open-wc/testing';

interface Member {
  kind: string;
  name: string;
  static?: boolean;
  privacy?: string;
}
interface Declaration {
  tagName?: string;
  customElement?: boolean;
  attributes?: { name: string; fieldName?: string }[];
  members?: Member[];
}

async function elements(): Promise<Declaration[]> {
  const manifest = (await (await fetch('/custom-elements.json')).json()) as {
    modules: { declarations?: Declaration[] }[];
  };
  return manifest.modules
    .flatMap((module) => module.declarations ?? [])
    .filter((d) => d.customElement && d.tagName);
}

/** A name a plain element already answers to, through HTMLElement and everything it extends. */
function isBuiltIn(name: string): boolean {
  return name in document.createElement('div') || name in HTMLElement.prototype;
}

describe('custom-elements.json: no attribute or property shadows a built-in of HTMLElement', () => {
  it('lists the elements it checks', async () => {
    const tags = (await elements()).map((element) => element.tagName);
    expect(tags).to.include.members([
      'conv-provider',
      'conv-envelope-badge',
      'conv-inbox',
      'conv-contact-button',
    ]);
  });

  it('has no attribute named like a built-in property', async () => {
    const collisions = (await elements()).flatMap((element) =>
      (element.attributes ?? [])
        .filter((a) => isBuiltIn(a.name))
        .map((a) => `<${element.tagName} ${a.name}>`),
    );
    expect(collisions).to.deep.equal([]);
  });

  it('has no public property named like a built-in one', async () => {
    const collisions = (await elements()).flatMap((element) =>
      (element.members ?? [])
        .filter(
          (m) => m.kind === 'field' && !m.static && (m.privacy ?? 'public') === 'public' && isBuiltIn(m.name),
        )
        .map((m) => `<${element.tagName}>.${m.name}`),
    );
    expect(collisions).to.deep.equal([]);
  });

  it('would catch the provider attribute that crashed React 19', () => {
    expect(isBuiltIn('dataset')).to.equal(true);
    expect(isBuiltIn('seed')).to.equal(false);
  });
});
