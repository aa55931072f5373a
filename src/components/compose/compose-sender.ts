import { nothing } from 'lit';
import { partyRef, type GroupId, type Party, type PartyRef, type Viewer } from '../../core/types.js';
import type { ConvStrings } from '../../i18n/strings.js';
import { renderSendAs } from '../../internal/send-as.js';

/** The name of the group chosen to send as, wherever compose knows it from (else its id). */
export function groupName(viewer: Viewer, id: GroupId | undefined, chosen: readonly Party[]): string {
  return (
    viewer.managedGroups.find((g) => g.id === id)?.name ??
    viewer.groups.find((g) => g.id === id)?.name ??
    chosen.find((p) => p.kind === 'group' && p.id === id)?.name ??
    id ??
    ''
  );
}

/** Who a start goes out as; `error` when the chosen group is no longer the member's to manage. */
export function senderOf(
  viewer: Viewer,
  asGroup: GroupId | undefined,
  notManager: () => string,
): { readonly sender: PartyRef; readonly error?: string } {
  if (!asGroup) return { sender: partyRef(viewer.member) };
  if (viewer.managedGroups.some((g) => g.id === asGroup)) return { sender: { kind: 'group', id: asGroup } };
  return { sender: partyRef(viewer.member), error: notManager() };
}

export interface ComposeSenderOptions {
  readonly strings: ConvStrings;
  readonly viewer: Viewer;
  readonly asGroup: GroupId | undefined;
  readonly chosen: readonly Party[];
  readonly error: string | undefined;
  readonly onChange: (asGroup: GroupId | undefined) => void;
}

/**
 * Compose's choice of sender, for a member who manages groups. A group the member chose but no
 * longer manages stays visible (checked) with its error, so the draft is not silently changed.
 */
export function renderComposeSender({
  strings,
  viewer,
  asGroup,
  chosen,
  error,
  onChange,
}: ComposeSenderOptions) {
  const groups = [...viewer.managedGroups];
  const stale = asGroup && !groups.some((g) => g.id === asGroup);
  if (!groups.length && !stale) return nothing;
  return renderSendAs({
    legend: strings.composeSendAs,
    choices: [
      { id: '', name: strings.composeSendAsSelf(viewer.member.name) },
      ...groups,
      ...(stale ? [{ id: asGroup, name: groupName(viewer, asGroup, chosen) }] : []),
    ],
    value: asGroup ?? '',
    onChange: (id) => onChange(id || undefined),
    error,
    withError: true,
  });
}
