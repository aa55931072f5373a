import { ContextConsumer, ContextEvent, createContext } from '@lit/context';
import { expect } from '@open-wc/testing';
import { LitElement } from 'lit';
import { OnDemandProvider } from '../../src/context/on-demand-provider.js';

const greeting = createContext<string | undefined>(Symbol('on-demand-test'));

class TestGreetingConsumer extends LitElement {
  readonly greeting = new ContextConsumer(this, { context: greeting, subscribe: true });
}
customElements.define('test-greeting-consumer', TestGreetingConsumer);

describe('OnDemandProvider', () => {
  let host: HTMLElement;
  let asked: number;
  let provider: OnDemandProvider<typeof greeting>;

  beforeEach(() => {
    host = document.createElement('div');
    document.body.append(host);
    asked = 0;
    provider = new OnDemandProvider(host, { context: greeting, onDemand: () => asked++ });
  });

  afterEach(() => host.remove());

  it('makes nothing until a consumer asks, then hears of every request', () => {
    expect(asked).to.equal(0);
    expect(provider.wanted).to.equal(false);
    const consumer = document.createElement('test-greeting-consumer') as TestGreetingConsumer;
    host.append(consumer);
    expect(asked).to.equal(1);
    expect(provider.wanted).to.equal(true);
    host.append(document.createElement('test-greeting-consumer'));
    expect(asked).to.equal(2);
  });

  it('answers the very request that asked when the value is made at once', () => {
    provider = new OnDemandProvider(host, {
      context: greeting,
      onDemand: () => provider.setValue('made now'),
    });
    const consumer = document.createElement('test-greeting-consumer') as TestGreetingConsumer;
    host.append(consumer);
    expect(consumer.greeting.value).to.equal('made now');
  });

  it('brings a value made later to the consumers that subscribed before', () => {
    const consumer = document.createElement('test-greeting-consumer') as TestGreetingConsumer;
    host.append(consumer);
    expect(consumer.greeting.value).to.equal(undefined);
    provider.setValue('made later');
    expect(consumer.greeting.value).to.equal('made later');
    expect(provider.value).to.equal('made later');
  });

  it('ignores its own host asking, and other contexts', () => {
    host.dispatchEvent(new ContextEvent(greeting, host, () => {}, true));
    const other = createContext<string>(Symbol('other'));
    const child = document.createElement('span');
    host.append(child);
    child.dispatchEvent(new ContextEvent(other, child, () => {}, true));
    expect(asked).to.equal(0);
    expect(provider.wanted).to.equal(false);
  });

  it('forgets who asked, for a host that left the page', () => {
    host.append(document.createElement('test-greeting-consumer'));
    expect(provider.wanted).to.equal(true);
    provider.forget();
    expect(provider.wanted).to.equal(false);
  });
});
