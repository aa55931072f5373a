// CONTRIBUTING.md's "may import" table, enforced (`npm test`, step "Layers"): a module may
// import its own folder and the folders its row lists, and nothing else; and no module in src/ or
// server/ imports one that imports it, directly or around a loop. Type-only imports count as
// imports (a reader still has to follow them), except where a row allows them by name.
// Run it alone: `npx depcruise src server --config .dependency-cruiser.mjs`.

/** Every module in `src/<name>/`. */
const folder = (name) => `^src/${name}/`;
/** What every module may import: the dev-mode switch and `warn()`, which import nothing. */
const everywhere = ['^src/internal/dev-mode\\.ts$', '^node_modules/'];

/**
 * One row of the table: the modules of `from` may import their own folder and the `may` folders.
 * `from` may hold one group (`components/([^/]+)`): "their own folder" is then the same one.
 */
function row(from, may, { npm = true } = {}) {
  return {
    from: { path: folder(from) },
    to: {
      path: [
        folder(from.replace(/\(.*\)/, '$$1')),
        ...may.map(folder),
        ...(npm ? everywhere : [everywhere[0]]),
      ],
    },
  };
}

export default {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'A module imports one that imports it (directly or around a loop).',
      severity: 'error',
      from: { path: '^(src|server)/' },
      to: { circular: true },
    },
  ],
  // Whatever no rule here allows is a violation.
  allowedSeverity: 'error',
  allowed: [
    // No Lit, no DOM, no IndexedDB: no package at all.
    row('core', [], { npm: false }),
    row('adapter', ['core']),
    row('adapters/local', ['core', 'adapter']),
    row('adapters/http', ['core', 'adapter']),
    row('client', ['core', 'adapter']),
    row('context', ['client', 'adapter', 'core']),
    // The provider's attribute mode: the local adapter's unread source, and the adapter itself
    // (by `import()`), made when an element asks.
    { from: { path: '^src/context/on-demand-backend\\.ts$' }, to: { path: folder('adapters/local') } },
    row('components/([^/]+)', ['context', 'internal', 'i18n', 'events', 'core']),
    // An element (or a part elements share) may name the types of the client, the adapter and
    // the elements it holds; it calls the client through `context`, and shares code with another
    // element through `internal`.
    {
      from: { path: [folder('components/[^/]+'), folder('internal')] },
      to: {
        path: [folder('client'), folder('adapter'), folder('components/[^/]+')],
        dependencyTypes: ['type-only'],
      },
    },
    // An element is registered by whatever opens it, when it first does (compose, by the inbox).
    {
      from: { path: [folder('components/[^/]+'), folder('internal')] },
      to: { path: '^src/define/conv-[^/]+\\.ts$', dependencyTypes: ['dynamic-import'] },
    },
    row('events', ['core']),
    row('i18n', []),
    row('internal', ['core', 'i18n']),
    row('define', ['components']),
    // `conv-elements/react`: a React component per element, with a prop per event.
    row('react', ['components', 'events']),
    // `conv-elements/ssr`: a server's renderer for the elements that are not Lit elements.
    row('ssr', ['components', 'i18n', 'internal']),
    // The reference server: the core rules, and the adapter's event shapes it streams (types).
    { from: { path: '^server/' }, to: { path: ['^server/', '^src/core/', 'node_modules/'] } },
    { from: { path: '^server/' }, to: { dependencyTypes: ['core'] } },
    // S22: emails are written with the email string tables, beside the elements' in src/i18n and
    // in the same languages, and take a conversation's title from the elements' tables: the
    // tables only, which import nothing but the envelope's name, never the registry or the
    // controller (DOM, Lit).
    {
      from: { path: '^server/' },
      to: {
        path: [
          '^src/i18n/(?:email-)?strings\\.ts$',
          '^src/i18n/envelope-name\\.ts$',
          '^src/i18n/locales/[^/]+\\.ts$',
        ],
      },
    },
    // The route schemas are read from the OpenAPI document, bundled in at build time.
    { from: { path: '^server/' }, to: { path: '^docs/openapi\\.yaml$' } },
    { from: { path: '^server/' }, to: { path: '^src/adapter/events\\.ts$', dependencyTypes: ['type-only'] } },
    // The entries: of the npm package, and of the script-include bundles.
    { from: { path: ['^src/index\\.ts$', '^src/define/bundle-[^/]+\\.ts$'] }, to: { path: '^src/' } },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['^server/(dist|node_modules|\\.data)/'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'browser', 'default'],
      extensions: ['.ts', '.js'],
    },
  },
};
