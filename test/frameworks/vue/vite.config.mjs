import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';

export default defineConfig({
  // Vue resolves unknown tags as components unless told they are custom elements.
  plugins: [vue({ template: { compilerOptions: { isCustomElement: (tag) => tag.startsWith('conv-') } } })],
  base: './',
  logLevel: 'warn',
});
