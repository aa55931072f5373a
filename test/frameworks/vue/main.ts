import { createApp } from 'vue';
import 'conv-elements/define/conv-provider.js';
import 'conv-elements/define/conv-envelope-badge.js';
import 'conv-elements/define/conv-inbox.js';
import 'conv-elements/define/conv-contact-button.js';
import App from './App.vue';

createApp(App).mount('#app');
