/**
 * Makes the test page's next fetch of a file fail, as it would offline or after a deploy replaced
 * the file (the `network-faults` test-runner plugin, scripts/wtr-network-faults.mjs): for code
 * that loads a module on first use. The test runner serves the TypeScript sources under their
 * own names, so `pathEnd` is a source path such as `/src/client/on-use.ts`.
 */
import { executeServerCommand } from '@web/test-runner-commands';

export async function failNextFetch(pathEnd: string): Promise<void> {
  const armed = await executeServerCommand<boolean, { pathEnd: string }>('fail-next-fetch', { pathEnd });
  if (armed !== true) throw new Error('The test runner has no fail-next-fetch command.');
}
