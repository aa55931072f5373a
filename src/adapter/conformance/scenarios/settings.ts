/** S10: each member's own notification settings, read and changed through the adapter. */
import { ValidationError } from '../../../core/errors.js';
import type { NotificationSettings } from '../../../core/types.js';
import { assertDeepEqual, assertEqual, assertValidation, fail, show } from '../assert.js';
import type { Suite } from '../suite.js';

export function settingsScenarios(suite: Suite): void {
  suite.describe('S10 notification settings', () => {
    suite.test(
      'default to both on; a patch changes one switch and keeps the other; others are unaffected',
      async (w) => {
        const ana = await w.as('ana');
        const bo = await w.as('bo');
        assertDeepEqual(await ana.getSettings(), { inApp: true, email: true }, 'ana’s defaults');

        assertDeepEqual(
          await ana.updateSettings({ email: false }),
          { inApp: true, email: false },
          'after email off',
        );
        assertDeepEqual(await ana.getSettings(), { inApp: true, email: false }, 'read back');
        const otherTab = await w.anotherTab('ana');
        assertDeepEqual(
          await otherTab.getSettings(),
          { inApp: true, email: false },
          'read from another adapter',
        );
        assertDeepEqual(await bo.getSettings(), { inApp: true, email: true }, 'bo keeps his defaults');

        assertDeepEqual(
          await ana.updateSettings({ inApp: false }),
          { inApp: false, email: false },
          'after in-app off',
        );
        assertDeepEqual(
          await ana.updateSettings({ email: true }),
          { inApp: false, email: true },
          'after email on',
        );
        assertDeepEqual(
          await ana.updateSettings({}),
          { inApp: false, email: true },
          'an empty patch changes nothing',
        );
        assertDeepEqual(await bo.getSettings(), { inApp: true, email: true }, 'bo is still unaffected');
      },
    );

    suite.test('bad settings are refused with bad-settings and change nothing', async (w) => {
      const ana = await w.as('ana');
      await ana.updateSettings({ email: false });
      const bad: unknown[] = [
        { email: 'yes' },
        { inApp: null },
        { inApp: 1 },
        { email: false, inApp: 'off' },
        null,
        'email',
        [false],
      ];
      for (const patch of bad) {
        const error = await assertValidation(
          () => ana.updateSettings(patch as Partial<NotificationSettings>),
          'bad-settings',
          `the patch ${show(patch)}`,
        );
        assertEqual(error.field, 'settings', `the patch ${show(patch)}: the refusal’s field`);
      }
      assertDeepEqual(await ana.getSettings(), { inApp: true, email: false }, 'settings after the refusals');

      // A switch this contract does not know may be refused or ignored, but never stored.
      let result: NotificationSettings | undefined;
      try {
        result = await ana.updateSettings({ push: true } as Partial<NotificationSettings>);
      } catch (error) {
        if (!(error instanceof ValidationError) || error.reason !== 'bad-settings') {
          fail(`an unknown switch: expected bad-settings or no change, got ${show(error)}`);
        }
      }
      if (result) assertDeepEqual(result, { inApp: true, email: false }, 'an unknown switch is ignored');
      assertDeepEqual(
        await ana.getSettings(),
        { inApp: true, email: false },
        'settings after an unknown switch',
      );
    });
  });
}
