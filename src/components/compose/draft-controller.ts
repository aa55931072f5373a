import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { partyKey, type MemberId, type PartyRef } from '../../core/types.js';
import { clearDraft, readDraft, writeDraft, type ComposeDraft } from './draft.js';

export interface ComposeShowOptions {
  /**
   * Recipients to start with (a profile's contact button passes its member or group). Compose
   * keeps one draft per such set, so writing to one person never lands in a draft for another.
   */
  readonly recipients?: readonly PartyRef[];
}

/** The draft of a compose opened without recipients. */
export const NEW_SCOPE = 'new';

/** Which draft `recipients` write to: one per preset recipient set. */
export function scopeOf(recipients: readonly PartyRef[] | undefined): string {
  if (!recipients?.length) return NEW_SCOPE;
  return `to:${[...new Set(recipients.map(partyKey))].sort().join(',')}`;
}

export interface DraftOptions {
  /** The member writing, once known: each member has their own drafts. */
  readonly viewer: () => MemberId | undefined;
  /** Which draft: the one opened without recipients, or one per preset recipient set. */
  readonly scope: () => string;
  /** What the fields hold now. */
  readonly fields: () => ComposeDraft;
  /** Puts a draft into the fields: the stored one, or undefined to start from nothing. */
  readonly load: (draft: ComposeDraft | undefined) => void;
  /** The member changed the draft (after it was loaded). */
  readonly onEdit: () => void;
}

/**
 * Keeps compose's draft (recipients, message, sender) in `sessionStorage` as the member writes
 * (see `draft.ts` for why there), per viewer and scope: loads it before the first render that
 * knows the viewer, and again when the viewer or the scope changes; saves every change after.
 */
export class DraftController implements ReactiveController {
  /** `viewer|scope` of the draft in the fields; nothing is saved before it is set. */
  private loaded?: string;
  private last?: ComposeDraft;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly options: DraftOptions,
  ) {
    host.addController(this);
  }

  hostUpdate(): void {
    const viewer = this.options.viewer();
    if (viewer === undefined) return;
    const key = `${viewer}|${this.options.scope()}`;
    if (this.loaded === key) return;
    this.loaded = key;
    this.options.load(readDraft(viewer, this.options.scope()));
    this.last = this.options.fields();
  }

  hostUpdated(): void {
    const viewer = this.options.viewer();
    const fields = this.options.fields();
    const last = this.last;
    if (
      last &&
      fields.recipients === last.recipients &&
      fields.body === last.body &&
      fields.asGroup === last.asGroup
    ) {
      return;
    }
    this.last = fields;
    this.options.onEdit();
    if (viewer !== undefined && this.loaded === `${viewer}|${this.options.scope()}`) {
      writeDraft(viewer, this.options.scope(), fields);
    }
  }

  /** The conversation started: forget the draft, and load the (now empty) one again. */
  clear(): void {
    const viewer = this.options.viewer();
    if (viewer !== undefined) clearDraft(viewer, this.options.scope());
    this.loaded = undefined;
    this.host.requestUpdate();
  }

  /** Another scope opened: its draft loads on the next update. */
  reload(): void {
    this.loaded = undefined;
    this.host.requestUpdate();
  }
}
