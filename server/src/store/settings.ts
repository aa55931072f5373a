/** A member's notification settings (in-app, email, how emails come) and whom they accept messages from (S14). */
import {
  NotFoundError,
  acceptFromOf,
  applySettingsPatch,
  type AcceptFrom,
  emailModeOf,
  parseSettingsPatch,
  type EmailMode,
  type NotificationSettings,
} from '../../../src/core/index.js';
import type { Database, Queryable } from '../db.js';
import { addEvents } from './fan-out.js';

export async function getSettings(q: Queryable, viewerId: string): Promise<NotificationSettings> {
  const rows = await q.query<{
    notify_in_app: boolean;
    notify_email: boolean;
    accept_from: AcceptFrom;
    email_mode: EmailMode;
  }>('select notify_in_app, notify_email, accept_from, email_mode from members where id = $1', [viewerId]);
  if (rows.length === 0) throw new NotFoundError('This member is not in the directory.');
  const [row] = rows;
  // Defaults are left out, as every backend answers (see `applySettingsPatch`).
  return {
    inApp: row.notify_in_app,
    email: row.notify_email,
    ...(row.accept_from === 'anyone' ? {} : { acceptFrom: row.accept_from }),
    ...(row.email_mode === 'digest' ? { emailMode: row.email_mode } : {}),
  };
}

export async function updateSettings(
  db: Database,
  space: string,
  viewerId: string,
  patch: unknown,
): Promise<NotificationSettings> {
  const parsed = parseSettingsPatch(patch);
  return db.transaction(async (tx) => {
    const { settings: after, changed } = applySettingsPatch(await getSettings(tx, viewerId), parsed);
    if (changed) {
      await tx.query(
        'update members set notify_in_app = $2, notify_email = $3, accept_from = $4, email_mode = $5 where id = $1',
        [viewerId, after.inApp, after.email, acceptFromOf(after), emailModeOf(after)],
      );
      await addEvents(tx, space, [viewerId], 'settings-changed', null, null);
    }
    return after;
  });
}
