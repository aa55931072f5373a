// `node scripts/size-pages/module-table.mjs`: where the first view's bytes go, module by module.
// Builds the script-include bundles with the HTTP adapter as one more entry (as the first-view
// page loads them), and for each chunk of the first view prints each module's share of the
// chunk's brotli size: each module's rendered code minified and compressed alone, scaled so the
// modules of a chunk add up to the chunk's real brotli size. An estimate of what removing a
// module would save (compression shares context across modules), not a measurement of it.
import { rollup } from 'rollup';
import { transform } from 'esbuild';
import { brotliCompressSync, constants } from 'node:zlib';
const { default: config } = await import('../../rollup.config.mjs');
const bundle = await rollup({
  ...config,
  input: { ...config.input, 'conv-http-adapter': 'src/adapters/http/index.ts' },
  onwarn: () => {},
});
const { output } = await bundle.generate({ ...config.output, sourcemap: false });
const br = (s) =>
  brotliCompressSync(Buffer.from(s), { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
const want = /^(chunks\/(elements|inbox)-|conv-elements\.js|conv-envelope-badge\.js|conv-http-adapter\.js)/;
const rows = [];
for (const chunk of output) {
  if (chunk.type !== 'chunk' || !want.test(chunk.fileName)) continue;
  const total = br(chunk.code);
  const mods = [];
  for (const [id, m] of Object.entries(chunk.modules)) {
    if (!m.code) continue;
    const min = (
      await transform(m.code, { minify: true, loader: 'js', target: 'es2022' }).catch(() => ({
        code: m.code,
      }))
    ).code;
    mods.push({ id: id.replace(/^.*?\/(src|node_modules)\//, '$1/'), alone: br(min), min: min.length });
  }
  const sum = mods.reduce((s, m) => s + m.alone, 0);
  for (const m of mods)
    rows.push({
      chunk: chunk.fileName.replace(/-[\w]+\.js$/, ''),
      ...m,
      est: Math.round((m.alone / sum) * total),
    });
  console.log(`${chunk.fileName}: ${total} B brotli; modules alone ${sum} B`);
}
rows.sort((a, b) => b.est - a.est);
for (const r of rows.slice(0, 45))
  console.log(
    `${r.chunk.padEnd(22)} ${r.id.padEnd(62)} ${String(r.min).padStart(6)} min ${String(r.est).padStart(5)} br`,
  );
const g = {};
for (const r of rows) {
  const k = r.id
    .replace(/^(node_modules\/(?:@[^/]+\/)?[^/]+)\/.*$/, '$1')
    .replace(/^(src\/[^/]+)\/.*$/, '$1');
  g[k] = (g[k] ?? 0) + r.est;
}
console.log(
  Object.entries(g)
    .sort((a, b) => b[1] - a[1])
    .map(([k, v]) => `${k} ${v}`)
    .join('\n'),
);
await bundle.close();
