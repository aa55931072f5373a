/**
 * A portal's own policy, filled from the defaults and checked: what a backend does with its
 * configuration. The client never resolves one (it takes the backend's answer), so this is not
 * in the client's chunk; `policy.ts` exports it too.
 */
import { DEFAULT_POLICY, MAX_REACTION_LENGTH, MAX_REACTIONS, type Policy } from './policy-defaults.js';
import { codePointLength, isInvisibleText, isStorableText } from './text.js';

/**
 * Fills a partial policy from the defaults and refuses nonsense: a limit that is not a positive
 * integer, or a reaction set that is empty, too large, repeats itself or holds something that is
 * not a short, visible, space-free text.
 */
export function resolvePolicy(overrides: Partial<Policy> = {}): Policy {
  const { reactions, ...limits } = { ...DEFAULT_POLICY, ...overrides };
  for (const [key, value] of Object.entries(limits)) {
    if (!Number.isSafeInteger(value) || value < 1) {
      throw new RangeError(`Policy ${key} must be a positive integer, got ${String(value)}.`);
    }
  }
  return Object.freeze({ ...limits, reactions: resolveReactionSet(reactions) });
}

function resolveReactionSet(reactions: unknown): readonly string[] {
  const valid =
    Array.isArray(reactions) &&
    reactions.length >= 1 &&
    reactions.length <= MAX_REACTIONS &&
    new Set(reactions).size === reactions.length &&
    reactions.every(
      (emoji) =>
        typeof emoji === 'string' &&
        isStorableText(emoji) &&
        !isInvisibleText(emoji) &&
        !/\s/u.test(emoji) &&
        codePointLength(emoji) <= MAX_REACTION_LENGTH,
    );
  if (!valid) {
    throw new RangeError(
      `Policy reactions must be 1 to ${MAX_REACTIONS} different emoji of at most ${MAX_REACTION_LENGTH} characters.`,
    );
  }
  return Object.freeze([...(reactions as string[])]);
}
