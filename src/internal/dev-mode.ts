/**
 * True in development builds. The production bundles replace `DEV_MODE` with `false` so that
 * dev-only warnings and checks drop out (as Lit's own builds do).
 */
declare const CONV_DEV_MODE: boolean | undefined;
export const DEV_MODE: boolean = typeof CONV_DEV_MODE === 'undefined' ? true : CONV_DEV_MODE;

export function warn(message: string, ...details: unknown[]): void {
  if (DEV_MODE) console.warn(`conv-elements: ${message}`, ...details);
}
