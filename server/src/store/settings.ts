/** A member's notification settings (in-app, email). */
import { NotFoundError, ValidationError, type NotificationSettings } from '../../../src/core/index.js';
import type { Database, Queryable } from '../db.js';
import { addEvents } from './fan-out.js';
import { isRecord } from './rows.js';

export async function getSettings(q: Queryable, viewerId: string): Promise<NotificationSettings> {
  const rows = await q.query<{ notify_in_app: boolean; notify_email: boolean }>(
    'select notify_in_app, notify_email from members where id = $1',
    [viewerId],
  );
  if (rows.length === 0) throw new NotFoundError('This member is not in the directory.');
  return { inApp: rows[0].notify_in_app, email: rows[0].notify_email };
}

export async function updateSettings(
  db: Database,
  space: string,
  viewerId: string,
  patch: unknown,
): Promise<NotificationSettings> {
  const bad = () =>
    new ValidationError('bad-settings', 'Settings are inApp and email, each true or false.', {
      field: 'settings',
    });
  if (!isRecord(patch)) throw bad();
  for (const [key, value] of Object.entries(patch)) {
    if ((key !== 'inApp' && key !== 'email') || typeof value !== 'boolean') throw bad();
  }
  return db.transaction(async (tx) => {
    const before = await getSettings(tx, viewerId);
    const after = {
      inApp: typeof patch.inApp === 'boolean' ? patch.inApp : before.inApp,
      email: typeof patch.email === 'boolean' ? patch.email : before.email,
    };
    if (after.inApp !== before.inApp || after.email !== before.email) {
      await tx.query('update members set notify_in_app = $2, notify_email = $3 where id = $1', [
        viewerId,
        after.inApp,
        after.email,
      ]);
      await addEvents(tx, space, [viewerId], 'settings-changed', null, null);
    }
    return after;
  });
}
