/** A member's notification settings (in-app, email, and how emails come). */
import {
  NotFoundError,
  applySettingsPatch,
  emailModeOf,
  parseSettingsPatch,
  type EmailMode,
  type NotificationSettings,
} from '../../../src/core/index.js';
import type { Database, Queryable } from '../db.js';
import { addEvents } from './fan-out.js';

export async function getSettings(q: Queryable, viewerId: string): Promise<NotificationSettings> {
  const rows = await q.query<{ notify_in_app: boolean; notify_email: boolean; email_mode: EmailMode }>(
    'select notify_in_app, notify_email, email_mode from members where id = $1',
    [viewerId],
  );
  if (rows.length === 0) throw new NotFoundError('This member is not in the directory.');
  const [row] = rows;
  return {
    inApp: row.notify_in_app,
    email: row.notify_email,
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
        'update members set notify_in_app = $2, notify_email = $3, email_mode = $4 where id = $1',
        [viewerId, after.inApp, after.email, emailModeOf(after)],
      );
      await addEvents(tx, space, [viewerId], 'settings-changed', null, null);
    }
    return after;
  });
}
