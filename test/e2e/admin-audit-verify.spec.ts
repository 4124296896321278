import { test, expect } from './fixtures';
import { goTo, openConsole, showLockScreen } from '../support/admin-console';
import { openDemoDb } from '../support/demo-db';
import { checkNamedScreen } from '../support/reset-wizard';

test.describe('issue 7 §10 verify the audit log in the console', () => {
  test.slow();

  test('issue 7 the console says the log is intact, then names the event edited in the database file and what is wrong', async ({
    page,
    shell,
  }) => {
    await showLockScreen(page, shell.url);
    await openConsole(page);
    const audit = await goTo(page, 'Audit log');
    const card = audit.getByTestId('audit-verify');
    const result = card.getByTestId('audit-verify-result');

    await card.getByRole('button', { name: 'Verify the audit log' }).click();
    await expect(result).toContainText(/The audit log is intact: \d+ events? verified\./);
    await card.scrollIntoViewIfNeeded();
    await checkNamedScreen(page, 'admin-audit-verify-1-intact');

    // Someone with the database file but not the vault changes who opened the console.
    const db = openDemoDb(shell);
    let edited: { id: number } | undefined;
    try {
      edited = db.prepare("SELECT id FROM audit_events WHERE activity = 'adminConsoleOpened' LIMIT 1").get() as
        { id: number } | undefined;
      db.prepare("UPDATE audit_events SET actor = 'someone-else' WHERE id = ?").run(edited?.id);
    } finally {
      db.close();
    }
    expect(edited?.id).toEqual(expect.any(Number));

    await card.getByRole('button', { name: 'Verify the audit log' }).click();
    await expect(result).toContainText('The audit log is not intact.');
    await expect(result).toContainText('This event does not match its seal');
    await expect(result).toContainText(`First broken event: #${edited?.id} (Admin console opened,`);
    await card.scrollIntoViewIfNeeded();
    await checkNamedScreen(page, 'admin-audit-verify-2-edited');
  });
});
