// conv-elements on a server (Next.js, Nuxt, Astro): the Lit elements render to declarative shadow
// DOM with @lit-labs/ssr, each in a fresh Node process with no DOM (that every entry imports so is
// scripts/check-node-import.mjs). Runs on the built package (`npm run build`), through its own
// `exports`, with `node --test test/ssr` (`npm test` does both).
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';

/** The element rendered to a string by @lit-labs/ssr, in a fresh Node process. */
function serverRender(defineModule, markup) {
  const script = `
    import { render } from '@lit-labs/ssr';
    import { collectResult } from '@lit-labs/ssr/lib/render-result.js';
    import { html } from 'lit';
    import { unsafeStatic, html as staticHtml } from 'lit/static-html.js';
    await import(${JSON.stringify(defineModule)});
    const template = staticHtml\`\${unsafeStatic(${JSON.stringify(markup)})}\`;
    process.stdout.write(await collectResult(render(template)));
    void html;
  `;
  return execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    encoding: 'utf8',
    cwd: fileURLToPath(new URL('../..', import.meta.url)),
  });
}

/** The declarative shadow root of the first `tag` in `html`, without its style sheets. */
function shadowOf(html, tag) {
  const match = new RegExp(
    `<${tag}[^>]*><template shadowroot(?:mode)?="open"[^>]*>([\\s\\S]*?)</template>`,
  ).exec(html);
  assert.ok(match, `no declarative shadow root for <${tag}> in ${html.slice(0, 300)}`);
  return match[1].replace(/<style>[\s\S]*?<\/style>/g, '');
}

test('<conv-inbox> renders to declarative shadow DOM: its list and thread panes', () => {
  const shadow = shadowOf(
    serverRender('conv-elements/define/conv-inbox.js', '<conv-inbox></conv-inbox>'),
    'conv-inbox',
  );
  assert.match(shadow, /part="list-pane"/);
  assert.match(shadow, /<conv-conversation-list/);
  assert.match(shadow, /Start conversation/);
});

test('<conv-contact-button> renders to declarative shadow DOM', () => {
  const html = serverRender(
    'conv-elements/define/conv-contact-button.js',
    '<conv-contact-button member="noa-levi" name="Noa Levi"></conv-contact-button>',
  );
  shadowOf(html, 'conv-contact-button');
});

/** The badge rendered with conv-elements/ssr's renderer beside Lit's, in a fresh Node process. */
function serverRenderBadge(markup) {
  const script = `
    import { render } from '@lit-labs/ssr';
    import { LitElementRenderer } from '@lit-labs/ssr/lib/lit-element-renderer.js';
    import { collectResult } from '@lit-labs/ssr/lib/render-result.js';
    import { unsafeStatic, html } from 'lit/static-html.js';
    await import('conv-elements/define/conv-envelope-badge.js');
    const { PlainElementRenderer } = await import('conv-elements/ssr');
    const template = html\`\${unsafeStatic(${JSON.stringify(markup)})}\`;
    const elementRenderers = [LitElementRenderer, PlainElementRenderer];
    process.stdout.write(await collectResult(render(template, { elementRenderers })));
  `;
  return execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    encoding: 'utf8',
    cwd: fileURLToPath(new URL('../..', import.meta.url)),
  });
}

test('<conv-envelope-badge unread="3"> renders gold and named before any script', () => {
  const html = serverRenderBadge('<conv-envelope-badge unread="3" show-count></conv-envelope-badge>');
  assert.match(html, /<style>[\s\S]*--conv-color-unread[\s\S]*<\/style>/);
  const shadow = shadowOf(html, 'conv-envelope-badge');
  assert.match(
    shadow,
    /<button part="base" type="button" aria-label="Conversations, 3 unread" data-tooltip="Conversations, 3 unread" class="unread">/,
  );
  assert.match(shadow, /<svg part="icon"[^>]*>.*<\/svg>/);
  assert.match(shadow, /<span part="count" aria-hidden="true">3<\/span>/);
  assert.match(html, /<conv-envelope-badge\s+unread="3" show-count>/);
});

test('<conv-envelope-badge> without a count, and with href, renders a neutral link, busy until it knows', () => {
  const shadow = shadowOf(
    serverRenderBadge('<conv-envelope-badge href="/inbox?a=1&amp;b=&quot;2&quot;"></conv-envelope-badge>'),
    'conv-envelope-badge',
  );
  assert.match(
    shadow,
    /<a part="base" href="\/inbox\?a=1&amp;b=&quot;2&quot;" aria-label="Conversations" data-tooltip="Conversations" aria-busy="true">/,
  );
  assert.doesNotMatch(shadow, /unread|part="count"/);
});

test('<conv-envelope-badge> counts a bad unread attribute as nothing unread, as the browser does', () => {
  for (const value of ['-1', 'many', '']) {
    const html = serverRenderBadge(`<conv-envelope-badge unread="${value}"></conv-envelope-badge>`);
    assert.match(html, /aria-label="Conversations"/, `unread="${value}"`);
    assert.doesNotMatch(html, /class="unread"/, `unread="${value}"`);
  }
});
