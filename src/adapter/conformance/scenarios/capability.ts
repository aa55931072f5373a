/**
 * Optional parts of the contract (`adapter/capabilities.ts`): their scenarios run only against an
 * adapter that declares them, and then also check that it has the methods they need.
 */
import type { ConversationsAdapter } from '../../adapter.js';
import { hasCapability, type Capability } from '../../capabilities.js';
import { fail } from '../assert.js';

/**
 * True when the adapter declares the capability; then each named method must exist (a declared
 * capability without its method is a broken adapter, not an absent feature).
 */
export function declares(
  adapter: ConversationsAdapter,
  capability: Capability,
  methods: readonly (keyof ConversationsAdapter)[],
): boolean {
  if (!hasCapability(adapter, capability)) return false;
  for (const method of methods) {
    if (typeof adapter[method] !== 'function') {
      fail(`the adapter declares '${capability}' but has no ${String(method)}()`);
    }
  }
  return true;
}
