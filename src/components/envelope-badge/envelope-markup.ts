/**
 * What the badge's markup is made of, once: the badge builds it in the browser, and the server
 * renderer (`conv-elements/ssr`) writes it into the declarative shadow root.
 */

/** An element: its tag, its attributes and its children. */
export type Shape = readonly [tag: string, attributes: Readonly<Record<string, string>>, children?: Shape[]];

const stroke = { stroke: 'currentColor', 'stroke-width': '1.8' };

/** The envelope graphic: its body is filled when there are unread messages (see the styles). */
export const envelopeIcon: Shape = [
  'svg',
  { part: 'icon', viewBox: '0 0 24 24', 'aria-hidden': 'true' },
  [
    ['rect', { class: 'body', x: '3', y: '5', width: '18', height: '14', rx: '2', fill: 'none', ...stroke }],
    [
      'path',
      { class: 'flap', d: 'M4 7l8 6 8-6', 'stroke-linecap': 'round', 'stroke-linejoin': 'round', ...stroke },
    ],
  ],
];

/**
 * The count an `unread` attribute gives, in the browser and on the server alike: a whole number,
 * never below 0 (anything else, `"-1"` or `"many"`, counts as nothing unread). The badge writes
 * the same expression inline: importing this costs the badge-only page bytes it does not have.
 */
export const unreadOf = (value: unknown): number => Math.max(Number(value) | 0, 0);
