/**
 * The directory a `<conv-provider seed="…">` seeds an empty local database with: `demo`, or
 * the URL of a JSON `DirectoryData`. Loaded with the adapter, never by a page that shows only the
 * envelope.
 */
import type { DirectoryData } from '../../core/types.js';
import { warn } from '../../internal/dev-mode.js';

/**
 * What to seed with, or `undefined` to go on with what the database holds (nothing asked, or the
 * dataset could not be loaded: each case is warned about in development).
 */
export async function loadDataset(
  dataset: string | undefined,
  base: string,
): Promise<'demo' | DirectoryData | undefined> {
  if (!dataset) return undefined;
  if (dataset === 'demo') return 'demo';
  let url: URL;
  try {
    url = new URL(dataset, base);
  } catch {
    warn(`<conv-provider>: seed "${dataset}" is neither "demo" nor a URL.`);
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    warn(`<conv-provider>: seed must be an http(s) URL, not ${url.protocol}`);
    return undefined;
  }
  try {
    const response = await fetch(url, { credentials: 'same-origin' });
    if (!response.ok) throw new Error(`${response.status} ${response.statusText}`);
    // The backend checks the directory in full and refuses bad data with a ValidationError.
    return (await response.json()) as DirectoryData;
  } catch (error) {
    // Offline after a first visit, the database already holds the directory: go on without.
    warn(`<conv-provider>: could not load the seed ${url.href}; using what the database holds.`, error);
    return undefined;
  }
}
