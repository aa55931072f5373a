/**
 * Code the client loads on first use (a start's recipients check, edits and reactions): what is
 * asked of it needs the backend, so a module that cannot be fetched (offline, or replaced by a
 * deploy) refuses the call as unavailable, as the backend offline would, instead of with the
 * browser's own error. Nothing is kept: the next call fetches the module again.
 */
import { UnavailableError } from '../core/errors.js';

export function loadOnUse<T>(load: Promise<T>): Promise<T> {
  return load.catch(() => {
    throw new UnavailableError();
  });
}
