// The manifest describes what a page author uses: the elements, their events, and registration.
// The client, adapters and domain are documented in their TypeScript declarations instead; the
// style sheets would only add their CSS text.
export default {
  globs: ['src/components/**/*.ts', 'src/events/*.ts', 'src/define/*.ts', 'src/internal/conv-element.ts'],
  exclude: ['src/**/*.test.ts', 'src/**/*.styles.ts'],
  litelement: true,
  outdir: '.',
  // package.json names the manifest itself ("customElements"); the analyzer must not rewrite it,
  // least of all with the scratch path the freshness check writes to.
  packagejson: false,
};
