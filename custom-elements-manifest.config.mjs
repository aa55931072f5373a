export default {
  globs: ['src/**/*.ts'],
  exclude: ['src/**/*.test.ts', 'src/adapter/conformance/**'],
  litelement: true,
  outdir: '.',
  // package.json names the manifest itself ("customElements"); the analyzer must not rewrite it,
  // least of all with the scratch path the freshness check writes to.
  packagejson: false,
};
