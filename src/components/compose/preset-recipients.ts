import { initialState, Task } from '@lit/task';
import type { ReactiveControllerHost } from 'lit';
import type { ConversationsClient } from '../../client/conversations-client.js';
import { NotFoundError, ValidationError } from '../../core/errors.js';
import type { Policy } from '../../core/policy.js';
import { partyKey, partyRef, type Party, type PartyRef, type Viewer } from '../../core/types.js';
import type { LocaleController } from '../../i18n/locale-controller.js';
import type { RecipientPickerController } from './recipient-picker.js';

export interface PresetRecipientsOptions {
  readonly picker: RecipientPickerController;
  /** The draft compose shows now: a look-up finished for another one is dropped. */
  readonly scope: () => string;
  readonly policy: () => Policy;
  readonly locale: LocaleController;
  readonly errorText: (error: unknown) => string;
  /** Shows why a preset recipient could not be added. */
  readonly showError: (text: string) => void;
}

interface Resolved {
  readonly scope: string;
  readonly found: readonly Party[];
  readonly error?: string;
}

type Args = readonly [ConversationsClient, Viewer, readonly PartyRef[], string];

/**
 * The recipients compose was opened with (a profile's contact button passes its member or
 * group), turned into chips with their names and pictures from the directory. The member
 * themselves, someone unknown and anyone over the limit are left out, with the reason shown.
 */
export class PresetRecipientsController {
  private readonly lookUp: Task<Args, Resolved>;

  constructor(
    host: ReactiveControllerHost,
    private readonly options: PresetRecipientsOptions,
  ) {
    this.lookUp = new Task(host, {
      autoRun: false,
      task: ([client, viewer, refs, scope]: Args, { signal }) =>
        refs.length ? this.find(client, viewer, refs, scope, signal) : initialState,
      onComplete: (resolved) => this.apply(resolved),
    });
  }

  /** Looks `refs` up for the draft `scope` (a new look-up replaces one under way). */
  resolve(client: ConversationsClient, viewer: Viewer, refs: readonly PartyRef[], scope: string): void {
    void this.lookUp.run([client, viewer, refs, scope]);
  }

  private async find(
    client: ConversationsClient,
    viewer: Viewer,
    refs: readonly PartyRef[],
    scope: string,
    signal: AbortSignal,
  ): Promise<Resolved> {
    const strings = this.options.locale.strings;
    const self = partyKey(viewer.member);
    const found: Party[] = [];
    let error: string | undefined;
    for (const ref of refs) {
      if (partyKey(ref) === self) {
        error = strings.composeErrorSelfOnly;
        continue;
      }
      try {
        found.push(await client.getParty(partyRef(ref), { signal }));
      } catch (cause) {
        if (signal.aborted) throw cause;
        const unknown = new ValidationError('unknown-recipient', strings.composeErrorUnknownRecipient, {
          field: 'recipients',
        });
        error = this.options.errorText(cause instanceof NotFoundError ? unknown : cause);
      }
    }
    return { scope, found, error };
  }

  private apply({ scope, found, error }: Resolved) {
    if (scope !== this.options.scope()) return;
    const { picker, policy } = this.options;
    const chosen = picker.chosen;
    const limited = found.slice(0, Math.max(0, policy().maxInvitees - chosen.length));
    const keys = new Set(chosen.map(partyKey));
    picker.chosen = [...chosen, ...limited.filter((party) => !keys.has(partyKey(party)))];
    const problem = limited.length < found.length ? picker.limitText : error;
    if (problem) this.options.showError(problem);
  }
}
