import { provideZonelessChangeDetection } from '@angular/core';
import { bootstrapApplication } from '@angular/platform-browser';
import 'conv-elements/define/conv-provider.js';
import 'conv-elements/define/conv-envelope-badge.js';
import 'conv-elements/define/conv-inbox.js';
import 'conv-elements/define/conv-contact-button.js';
import { AppComponent } from './app.component.js';

bootstrapApplication(AppComponent, { providers: [provideZonelessChangeDetection()] }).catch(
  (error: unknown) => console.error(error),
);
