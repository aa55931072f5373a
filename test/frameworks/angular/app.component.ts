import { Component, CUSTOM_ELEMENTS_SCHEMA, signal } from '@angular/core';
import type { ConvOpenInboxEvent } from 'conv-elements';
import { createLocalAdapter } from 'conv-elements/adapters/local.js';

@Component({
  selector: 'app-root',
  // Lets the template use elements Angular does not know, and bind their properties and events.
  schemas: [CUSTOM_ELEMENTS_SCHEMA],
  template: `
    <conv-provider viewer="amara-okafor" seed="demo" database="fw-angular-attributes">
      <conv-envelope-badge
        id="by-attributes"
        href="#elsewhere"
        show-count
        (conv-open-inbox)="onOpenInbox($event)"
      />
      <conv-contact-button member="noa-levi" name="Noa Levi" />
      <conv-inbox />
    </conv-provider>
    <conv-provider [adapter]="adapter">
      <conv-envelope-badge id="by-property" />
    </conv-provider>
    <output id="opened">{{ opened() }}</output>
  `,
})
export class AppComponent {
  readonly opened = signal(0);
  readonly adapter = createLocalAdapter({
    name: 'fw-angular-property',
    viewer: 'amara-okafor',
    seed: 'demo',
  });

  onOpenInbox(event: Event): void {
    (event as ConvOpenInboxEvent).preventDefault(); // the app routes to its inbox itself
    this.opened.update((count) => count + 1);
  }
}
