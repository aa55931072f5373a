/**
 * The demo's theme panel. It changes only what a portal's theme can change: `--conv-*` custom
 * properties, `color-scheme`, and the `lang` and `dir` attributes of the page. The choices live in
 * the URL (`?scheme=dark&lang=ar`), so a designer can share a look and the screenshot script can
 * open each state in each look. It also registers the German and Arabic tables, which the library
 * itself does not carry.
 */
import { html, render } from 'lit';
import { registerStrings } from '../src/i18n/registry.js';
import { de } from '../src/i18n/locales/de.js';
import { ar } from '../src/i18n/locales/ar.js';

registerStrings('de', de);
registerStrings('ar', ar);

export interface Theme {
  scheme: 'system' | 'light' | 'dark';
  accent: string;
  radius: number;
  density: 'compact' | 'comfortable' | 'spacious';
  font: 'system' | 'serif' | 'mono' | 'rounded';
  lang: 'en' | 'de' | 'ar';
  dir: 'ltr' | 'rtl';
}

const DEFAULTS: Theme = {
  scheme: 'system',
  accent: '',
  radius: 8,
  density: 'comfortable',
  font: 'system',
  lang: 'en',
  dir: 'ltr',
};

const SPACE: Record<Theme['density'], string> = {
  compact: '0.3rem',
  comfortable: '0.5rem',
  spacious: '0.8rem',
};
const FONTS: Record<Theme['font'], string> = {
  system: 'system-ui, sans-serif',
  serif: 'Georgia, "DejaVu Serif", serif',
  mono: 'ui-monospace, "DejaVu Sans Mono", monospace',
  rounded: 'ui-rounded, "Trebuchet MS", system-ui, sans-serif',
};
const LANGUAGES: Record<Theme['lang'], string> = { en: 'English', de: 'Deutsch', ar: 'العربية' };

function pick<T extends string>(value: string | null, allowed: readonly T[], fallback: T): T {
  return allowed.includes(value as T) ? (value as T) : fallback;
}

/** The theme the URL asks for; anything malformed falls back to the default. */
export function themeFromUrl(search = location.search): Theme {
  const params = new URLSearchParams(search);
  const lang = pick(params.get('lang'), ['en', 'de', 'ar'], DEFAULTS.lang);
  const radius = Number(params.get('radius') ?? DEFAULTS.radius);
  const accent = params.get('accent') ?? '';
  return {
    scheme: pick(params.get('scheme'), ['system', 'light', 'dark'], DEFAULTS.scheme),
    accent: /^#[0-9a-f]{6}$/i.test(accent) ? accent : '',
    radius: Number.isFinite(radius) ? Math.min(24, Math.max(0, radius)) : DEFAULTS.radius,
    density: pick(params.get('density'), ['compact', 'comfortable', 'spacious'], DEFAULTS.density),
    font: pick(params.get('font'), ['system', 'serif', 'mono', 'rounded'], DEFAULTS.font),
    lang,
    dir: pick(params.get('dir'), ['ltr', 'rtl'], lang === 'ar' ? 'rtl' : 'ltr'),
  };
}

/** Black or white, whichever reads better on the brand colour. */
function onColour(hex: string): string {
  const channel = (i: number) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const luminance = 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
  return (luminance + 0.05) / 0.05 > 1.05 / (luminance + 0.05) ? '#000000' : '#ffffff';
}

/** The custom properties a theme would put in its stylesheet for these choices. */
export function themeProperties(theme: Theme): [string, string][] {
  const properties: [string, string][] = [];
  if (theme.scheme !== 'system') properties.push(['--conv-color-scheme', theme.scheme]);
  if (theme.accent) {
    properties.push(['--conv-color-accent', theme.accent]);
    properties.push(['--conv-color-focus', theme.accent]);
    properties.push(['--conv-color-on-accent', onColour(theme.accent)]);
  }
  if (theme.radius !== DEFAULTS.radius) properties.push(['--conv-radius', `${theme.radius}px`]);
  if (theme.density !== DEFAULTS.density) properties.push(['--conv-space', SPACE[theme.density]]);
  if (theme.font !== DEFAULTS.font) properties.push(['--conv-font-family', FONTS[theme.font]]);
  return properties;
}

let applied: string[] = [];

export function applyTheme(theme: Theme): void {
  const root = document.documentElement;
  for (const name of applied) root.style.removeProperty(name);
  const properties = themeProperties(theme);
  for (const [name, value] of properties) root.style.setProperty(name, value);
  applied = properties.map(([name]) => name);
  // The portal's own page follows the same choice (demo.css reads data-scheme).
  root.dataset.scheme = theme.scheme;
  root.lang = theme.lang;
  root.dir = theme.dir;
}

function writeUrl(theme: Theme): void {
  const params = new URLSearchParams(location.search);
  for (const key of Object.keys(DEFAULTS) as (keyof Theme)[]) {
    const value = String(theme[key]);
    const fallback = key === 'dir' ? (theme.lang === 'ar' ? 'rtl' : 'ltr') : String(DEFAULTS[key]);
    if (value === fallback || value === '') params.delete(key);
    else params.set(key, value);
  }
  const query = params.toString();
  history.replaceState(null, '', `${location.pathname}${query ? `?${query}` : ''}${location.hash}`);
  // Links to the other demo pages keep the look.
  for (const link of document.querySelectorAll<HTMLAnchorElement>('a[data-keep-theme]')) {
    const url = new URL(link.href);
    url.search = query;
    link.href = url.href;
  }
}

/** Renders the panel into `container` and applies the URL's theme at once. */
export function mountThemePanel(container: HTMLElement): void {
  let theme = themeFromUrl();
  const update = (patch: Partial<Theme>) => {
    // Choosing Arabic turns the page right to left, as a portal in Arabic would be.
    const dir = patch.lang ? (patch.lang === 'ar' ? 'rtl' : 'ltr') : theme.dir;
    theme = { ...theme, dir, ...patch };
    applyTheme(theme);
    writeUrl(theme);
    draw();
  };
  const value = (event: Event) => (event.target as HTMLInputElement | HTMLSelectElement).value;
  const draw = () => {
    const css = themeProperties(theme)
      .map(([name, v]) => `  ${name}: ${v};`)
      .join('\n');
    render(
      html`<details class="theme-panel" open>
        <summary>Theme</summary>
        <form class="theme-controls" @submit=${(e: Event) => e.preventDefault()}>
          <label
            >Colours
            <select @change=${(e: Event) => update({ scheme: value(e) as Theme['scheme'] })}>
              <option value="system" ?selected=${theme.scheme === 'system'}>Follow the system</option>
              <option value="light" ?selected=${theme.scheme === 'light'}>Light</option>
              <option value="dark" ?selected=${theme.scheme === 'dark'}>Dark</option>
            </select></label
          >
          <label
            >Brand colour
            <input
              type="color"
              .value=${theme.accent || '#1a5fb4'}
              @input=${(e: Event) => update({ accent: value(e) })}
          /></label>
          <button type="button" ?disabled=${!theme.accent} @click=${() => update({ accent: '' })}>
            Default colour
          </button>
          <label
            >Corners
            <input
              type="range"
              min="0"
              max="24"
              step="2"
              .value=${String(theme.radius)}
              @input=${(e: Event) => update({ radius: Number(value(e)) })}
            /><output>${theme.radius}px</output></label
          >
          <label
            >Density
            <select @change=${(e: Event) => update({ density: value(e) as Theme['density'] })}>
              ${(['compact', 'comfortable', 'spacious'] as const).map(
                (d) => html`<option value=${d} ?selected=${theme.density === d}>${d}</option>`,
              )}
            </select></label
          >
          <label
            >Font
            <select @change=${(e: Event) => update({ font: value(e) as Theme['font'] })}>
              ${(Object.keys(FONTS) as Theme['font'][]).map(
                (f) => html`<option value=${f} ?selected=${theme.font === f}>${f}</option>`,
              )}
            </select></label
          >
          <label
            >Language
            <select @change=${(e: Event) => update({ lang: value(e) as Theme['lang'] })}>
              ${(Object.keys(LANGUAGES) as Theme['lang'][]).map(
                (l) =>
                  html`<option value=${l} lang=${l} ?selected=${theme.lang === l}>${LANGUAGES[l]}</option>`,
              )}
            </select></label
          >
          <label
            ><input
              type="checkbox"
              .checked=${theme.dir === 'rtl'}
              @change=${(e: Event) => update({ dir: (e.target as HTMLInputElement).checked ? 'rtl' : 'ltr' })}
            />
            Right to left</label
          >
        </form>
        <p class="hint">
          The CSS a portal theme would write for this look (plus
          <code dir="ltr">lang="${theme.lang}" dir="${theme.dir}"</code> on the page):
        </p>
        <pre
          class="theme-css"
          dir="ltr"
        ><code>${css ? `:root {\n${css}\n}` : '/* the defaults: nothing to write */'}</code></pre>
      </details>`,
      container,
    );
  };
  applyTheme(theme);
  writeUrl(theme);
  draw();
}
