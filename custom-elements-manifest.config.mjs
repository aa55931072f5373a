export default {
  globs: ['src/**/*.ts'],
  exclude: ['src/**/*.test.ts', 'src/adapter/conformance/**'],
  litelement: true,
  outdir: '.',
};
