// The manifest describes what a page author uses: the elements, their events, and registration.
// The client, adapters and domain are documented in their TypeScript declarations instead; the
// style sheets would only add their CSS text.
//
// The analyzer reads the sources; the plugins below make the manifest describe the package as
// it is published, which is what the type and editor-data generators (scripts/editor-data.mjs)
// and every tool reading `customElements` from package.json expect.
import { dirname, join, normalize } from 'node:path';

/** Globals the analyzer files under the module that extends them, as if they were declared there. */
const GLOBAL_CLASSES = new Set(['Event', 'HTMLElement', 'EventTarget']);

/** `src/components/inbox/inbox.ts` → `dist/esm/components/inbox/inbox.js`: where npm users import it from. */
function shippedPath(path, from) {
  // Re-exports name their module as written in the source, relative to it.
  if (/^\.\.?\//.test(path) && from) path = normalize(join(dirname(from), path));
  const match = /^(?:\.?\/)?src\/(.+)\.[jt]s$/.exec(path);
  return match ? `dist/esm/${match[1]}.js` : path;
}

/** A type as one line, without the doc comments of its members. */
function typeText(text) {
  return text
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\s+/g, ' ')
    .replace(/;\s*}/g, ' }');
}

/** The string literal a node is, or undefined. */
function literalText(ts, node) {
  return node && ts.isStringLiteralLike(node) ? node.text : undefined;
}

/**
 * `src/define/conv-inbox.ts` registers with `ConvInbox.define('conv-inbox')` (the base class's
 * tolerant define), which the analyzer does not recognise as `customElements.define`: this adds
 * the `custom-element-definition` export that says which module registers which tag.
 */
function definitionExports() {
  return {
    name: 'conv-definition-exports',
    analyzePhase({ ts, node, moduleDoc }) {
      if (!ts.isCallExpression(node) || !ts.isPropertyAccessExpression(node.expression)) return;
      const { expression: target, name } = node.expression;
      const tag = literalText(ts, node.arguments[0]);
      if (name.text !== 'define' || !ts.isIdentifier(target) || !tag?.includes('-')) return;
      const source = node.getSourceFile();
      const imported = source.statements.find(
        (statement) =>
          ts.isImportDeclaration(statement) &&
          statement.importClause?.namedBindings &&
          ts.isNamedImports(statement.importClause.namedBindings) &&
          statement.importClause.namedBindings.elements.some((element) => element.name.text === target.text),
      );
      const from = literalText(ts, imported?.moduleSpecifier);
      if (!from) return;
      const module = normalize(join(dirname(moduleDoc.path), from.replace(/\.js$/, '.ts')));
      (moduleDoc.exports ??= []).push({
        kind: 'custom-element-definition',
        name: tag,
        declaration: { name: target.text, module },
      });
    },
  };
}

/**
 * Only the events a class documents with `@fires` are public. The analyzer also lists every
 * `dispatchEvent` it sees, such as the envelope's context request to its provider, which no page
 * listens to and which typed-event generators would turn into a bogus handler.
 */
function documentedEventsOnly() {
  const documented = new Map();
  return {
    name: 'conv-documented-events-only',
    analyzePhase({ ts, node }) {
      if (!ts.isClassDeclaration(node) || !node.name) return;
      const names = new Set();
      for (const tag of ts.getJSDocTags(node)) {
        if (tag.tagName.text !== 'fires' && tag.tagName.text !== 'event') continue;
        const comment = typeof tag.comment === 'string' ? tag.comment : ts.getTextOfJSDocComment(tag.comment);
        const name = /^(?:\{[^}]*\}\s*)?([\w-]+)/.exec(comment ?? '')?.[1];
        if (name) names.add(name);
      }
      documented.set(node.name.text, names);
    },
    moduleLinkPhase({ moduleDoc }) {
      for (const declaration of moduleDoc.declarations ?? []) {
        if (!declaration.events) continue;
        const names = documented.get(declaration.name) ?? new Set();
        declaration.events = declaration.events.filter((event) => names.has(event.name));
        if (declaration.events.length === 0) delete declaration.events;
      }
    },
  };
}

/**
 * The base class `ConvElement` is analyzed so that what it gives every element is inherited in
 * the manifest, but it is no element of its own: it has no tag and is never registered.
 */
function noTaglessElements() {
  return {
    name: 'conv-no-tagless-elements',
    packageLinkPhase({ customElementsManifest }) {
      for (const module of customElementsManifest.modules) {
        for (const declaration of module.declarations ?? []) {
          if (declaration.customElement && !declaration.tagName) delete declaration.customElement;
        }
      }
    },
  };
}

/**
 * Each element's events name their class and where it is exported, and, when the event carries
 * one, the type of its `detail`, so a reader (or a generator) need not open the event's module.
 */
function describeEventDetails() {
  return {
    name: 'conv-describe-event-details',
    packageLinkPhase({ customElementsManifest }) {
      const eventClasses = new Map();
      for (const module of customElementsManifest.modules) {
        for (const declaration of module.declarations ?? []) {
          if (declaration.kind === 'class' && declaration.superclass?.name === 'Event') {
            eventClasses.set(declaration.name, { module: module.path, declaration });
          }
        }
      }
      for (const module of customElementsManifest.modules) {
        for (const element of module.declarations ?? []) {
          for (const event of element.events ?? []) {
            const found = eventClasses.get(event.type?.text);
            if (!found) continue;
            event.type.references = [{ name: event.type.text, module: found.module }];
            const detail = found.declaration.members?.find((member) => member.name === 'detail');
            const describes = /\bdetail\b/i.test(event.description ?? '');
            event.description = [
              event.description,
              detail && !describes ? `\`event.detail\`: \`${typeText(detail.type.text)}\`.` : undefined,
            ]
              .filter(Boolean)
              .join(' ');
          }
        }
      }
    },
  };
}

/**
 * Last: every path names the module as published (`dist/esm/…js`, what `conv-elements/…` resolves
 * to), not the TypeScript source, which is not shipped. A superclass that is a browser global is
 * marked as such instead of as declared in the module that extends it.
 */
function shippedModulePaths() {
  const rewrite = (value, ownPath) => {
    if (Array.isArray(value)) return value.forEach((item) => rewrite(item, ownPath));
    if (!value || typeof value !== 'object') return;
    if (
      value.superclass &&
      GLOBAL_CLASSES.has(value.superclass.name) &&
      value.superclass.module === ownPath
    ) {
      value.superclass = { name: value.superclass.name, package: 'global:' };
    }
    for (const [key, child] of Object.entries(value)) {
      if ((key === 'path' || key === 'module') && typeof child === 'string')
        value[key] = shippedPath(child, ownPath);
      else rewrite(child, ownPath);
    }
  };
  return {
    name: 'conv-shipped-module-paths',
    packageLinkPhase({ customElementsManifest }) {
      for (const module of customElementsManifest.modules) rewrite(module, module.path);
    },
  };
}

export default {
  globs: ['src/components/**/*.ts', 'src/events/*.ts', 'src/define/*.ts', 'src/internal/conv-element.ts'],
  exclude: ['src/**/*.test.ts', 'src/**/*.styles.ts'],
  litelement: true,
  outdir: '.',
  // package.json names the manifest itself ("customElements"); the analyzer must not rewrite it,
  // least of all with the scratch path the freshness check writes to.
  packagejson: false,
  plugins: [
    definitionExports(),
    documentedEventsOnly(),
    noTaglessElements(),
    describeEventDetails(),
    shippedModulePaths(),
  ],
};
