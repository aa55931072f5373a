// What `npm publish` would ship (`npm pack --dry-run`), checked against an allow-list so that a
// stray file cannot be published, and against what package.json and the manifest promise: every
// export, side-effect pattern, manifest module and editor file is in the tarball, and every
// source map resolves. Runs on the built package: `npm run build`, then `node --test test/package`.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { posix } from 'node:path';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const pkg = JSON.parse(readFileSync(`${ROOT}/package.json`, 'utf8'));
const [packed] = JSON.parse(
  execFileSync('npm', ['pack', '--dry-run', '--json'], { cwd: ROOT, encoding: 'utf8' }),
);
const files = new Set(packed.files.map((file) => file.path));

/** Everything the tarball may hold; anything else is a mistake in `files` or in the build. */
const ALLOWED = [
  /^(LICENSE|README\.md|package\.json|custom-elements\.json)$/,
  /^dist\/conv-(elements|envelope-badge)\.js(\.map)?$/,
  /^dist\/chunks\/[\w-]+\.js(\.map)?$/,
  /^dist\/esm\/[\w/.-]+\.(js|js\.map|d\.ts)$/,
  /^dist\/types\/(jsx-elements|react|preact|solid|vue)\.d\.ts$/,
  /^dist\/editor\/(vscode\.html-custom-data|vscode\.css-custom-data|web-types)\.json$/,
];

/** A glob of package.json (`./dist/*.js`, `./dist/esm/define/*.js`) as a pattern over paths. */
function globPattern(glob) {
  const body = glob
    .replace(/^\.\//, '')
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('[^/]+');
  return new RegExp(`^${body}$`);
}

const matching = (glob) => [...files].filter((file) => globPattern(glob).test(file));

console.log(
  `npm pack: ${packed.entryCount} files, ${packed.size} B packed, ${packed.unpackedSize} B unpacked`,
);

test('the tarball holds only allowed files', () => {
  const stray = [...files].filter((file) => !ALLOWED.some((pattern) => pattern.test(file)));
  assert.deepEqual(stray, []);
  assert.deepEqual(
    [...files].filter((file) => /\.test\.|(^|\/)(src|test)\//.test(file)),
    [],
    'no sources or tests',
  );
});

test('the tarball holds the license, the manifest, both bundles with their maps, types and editor data', () => {
  for (const file of [
    'LICENSE',
    'README.md',
    'custom-elements.json',
    'dist/conv-elements.js',
    'dist/conv-elements.js.map',
    'dist/conv-envelope-badge.js',
    'dist/conv-envelope-badge.js.map',
    'dist/esm/index.js',
    'dist/esm/index.d.ts',
    'dist/esm/react/index.js',
    'dist/types/jsx-elements.d.ts',
    'dist/types/react.d.ts',
    'dist/types/vue.d.ts',
    'dist/editor/vscode.html-custom-data.json',
    'dist/editor/vscode.css-custom-data.json',
    'dist/editor/web-types.json',
  ]) {
    assert.ok(files.has(file), file);
  }
  assert.match(readFileSync(`${ROOT}/LICENSE`, 'utf8'), /^MIT License[\s\S]*conv-elements contributors/);
});

test('every target of `exports` is in the tarball', () => {
  const targets = Object.values(pkg.exports).flatMap((target) =>
    typeof target === 'string' ? [target] : Object.values(target),
  );
  for (const target of targets) assert.ok(matching(target).length > 0, target);
});

test('every `sideEffects` entry names shipped files', () => {
  for (const glob of pkg.sideEffects) assert.ok(matching(glob).length > 0, glob);
});

test('package.json names the manifest and the web-types, which are shipped', () => {
  assert.ok(files.has(pkg.customElements), pkg.customElements);
  assert.ok(files.has(pkg['web-types'].replace(/^\.\//, '')), pkg['web-types']);
});

test('the web-types name every element, each with its shipped module', () => {
  const file = pkg['web-types'].replace(/^\.\//, '');
  const { elements } = JSON.parse(readFileSync(`${ROOT}/${file}`, 'utf8')).contributions.html;
  assert.ok(elements.length >= 9);
  for (const element of elements) {
    const module = posix.normalize(posix.join(posix.dirname(file), element.source?.module ?? ''));
    assert.ok(files.has(module), `<${element.name}>: ${element.source?.module}`);
  }
});

test("every module of custom-elements.json is in the tarball (it describes what's shipped)", () => {
  const manifest = JSON.parse(readFileSync(`${ROOT}/custom-elements.json`, 'utf8'));
  for (const module of manifest.modules) assert.ok(files.has(module.path), module.path);
});

test('react is an optional peer, and the metadata a registry shows is there', () => {
  assert.equal(pkg.license, 'MIT');
  assert.ok(pkg.keywords.includes('web-components'));
  assert.ok(pkg.peerDependencies.react);
  assert.equal(pkg.peerDependenciesMeta.react.optional, true);
  assert.equal(pkg.dependencies.react, undefined);
});

test('every source map in the tarball resolves: its sources are shipped or embedded', () => {
  const maps = [...files].filter((file) => file.endsWith('.map'));
  assert.ok(maps.length > 10);
  for (const map of maps) {
    const { sources, sourcesContent = [] } = JSON.parse(readFileSync(`${ROOT}/${map}`, 'utf8'));
    sources.forEach((source, index) => {
      const shipped = files.has(posix.normalize(posix.join(posix.dirname(map), source)));
      assert.ok(shipped || typeof sourcesContent[index] === 'string', `${map}: ${source}`);
    });
  }
  for (const file of [...files].filter((file) => file.endsWith('.js'))) {
    const reference = /\/\/# sourceMappingURL=(\S+)\s*$/.exec(readFileSync(`${ROOT}/${file}`, 'utf8'))?.[1];
    if (reference) assert.ok(files.has(posix.join(posix.dirname(file), reference)), `${file} → ${reference}`);
  }
});
