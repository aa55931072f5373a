import { mount } from 'svelte';
import 'conv-elements/define/conv-provider.js';
import 'conv-elements/define/conv-envelope-badge.js';
import 'conv-elements/define/conv-inbox.js';
import 'conv-elements/define/conv-contact-button.js';
import App from './App.svelte';

mount(App, { target: document.getElementById('app')! });
