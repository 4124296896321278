import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { adminConsole, adminCredential, goTo, openConsole, showLockScreen } from '../support/admin-console';
import { checkNamedScreen, expectStep, identify, openResetFromLockScreen, press } from '../support/reset-wizard';

const megan = 'megan.bowen@contoso.com';

/** Presses a download button and returns the saved file's name and text. */
async function download(page: Page, button: string): Promise<{ name: string; text: string }> {
  const saved = page.waitForEvent('download');
  await adminConsole(page).getByRole('button', { name: button }).click();
  const file = await saved;
  const path = await file.path();
  return { name: file.suggestedFilename(), text: readFileSync(path, 'utf8') };
}

test.describe('§10 the audit log in the console', () => {
  test.slow();

  test('§10 a reset stopped at the wizard is in the log with its details, and the export is downloaded as JSON lines and CSV and parsed', async ({
    page,
    shell,
  }) => {
    // A flow first: Megan has nothing registered, so the wizard stops her (§3.8).
    await openResetFromLockScreen(page, shell.url);
    await identify(page, megan);
    await press(page, 'Next');
    await expectStep(page, 'stopped');

    await showLockScreen(page, shell.url);
    await openConsole(page);
    const audit = await goTo(page, 'Audit log');
    const log = audit.getByTestId('admin-audit');
    const table = log.getByTestId('audit-table');
    await expect(table.getByRole('row', { name: /Reset blocked/ })).toBeVisible();

    // Filtered in the engine: the user and the activity.
    await log.getByRole('searchbox', { name: 'Target user (UPN)' }).fill(megan);
    await log.getByLabel('Activity', { exact: true }).selectOption({ label: 'Reset blocked' });
    await expect(log.getByTestId('audit-count')).toHaveText('1 event');
    const row = table.getByRole('row', { name: /Reset blocked/ });
    await expect(row).toContainText(megan);
    await expect(row).toContainText('Failure');
    await expect(row).toContainText('notEnoughMethods');
    await row.getByRole('button', { name: /^Details of Reset blocked/ }).click();
    const details = log.getByTestId('audit-details');
    await expect(details.getByRole('heading', { name: 'Event details' })).toBeFocused();
    await expect(details).toContainText('resetBlocked');
    await expect(details).toContainText('methodsRegistered');
    await checkNamedScreen(page, 'admin-audit-1-details');

    // The export holds what the filters show, as a SIEM reads it.
    const jsonl = await download(page, 'Download JSON lines');
    expect(jsonl.name).toMatch(/^sspr-audit-.+\.jsonl$/);
    const events = jsonl.text
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      activity: 'resetBlocked',
      result: 'failure',
      reason: 'notEnoughMethods',
      targetUpn: megan,
      actor: megan,
    });
    expect(events[0]?.['flowId']).toEqual(expect.any(String));
    await expect(log.getByTestId('audit-export-notice')).toContainText('1 event saved to sspr-audit-');

    // The whole log as CSV, every column named, each row one event, nothing secret in it.
    await log.getByLabel('Activity', { exact: true }).selectOption({ label: 'All' });
    await log.getByRole('searchbox', { name: 'Target user (UPN)' }).fill('');
    await log.getByLabel('Events of').selectOption({ label: 'All tenants and this device' });
    await expect(log.getByTestId('audit-count')).toHaveText(/^\d+ events$/);
    const shown = Number((await log.getByTestId('audit-count').textContent())?.replace(/\D/g, ''));
    const csv = await download(page, 'Download CSV');
    expect(csv.name).toMatch(/^sspr-audit-.+\.csv$/);
    const rows = parse(csv.text, { columns: true, skip_empty_lines: true }) as Record<string, string>[];
    expect(Object.keys(rows[0] ?? {})).toEqual([
      'id',
      'at',
      'tenantId',
      'actor',
      'targetUserId',
      'targetUpn',
      'activity',
      'result',
      'reason',
      'method',
      'flowId',
      'deviceId',
      'details',
    ]);
    // The export of a moment ago is audited too, so the file may hold one more than the count read before it.
    expect(rows.length).toBeGreaterThanOrEqual(shown);
    const blocked = rows.filter((event) => event['activity'] === 'resetBlocked');
    expect(blocked.map((event) => event['targetUpn'])).toEqual([megan]);
    expect(rows.some((event) => event['activity'] === 'auditExported' && event['reason'] === 'jsonl')).toBe(true);
    expect(rows.some((event) => event['activity'] === 'adminConsoleOpened')).toBe(true);
    for (const event of rows) expect(() => JSON.parse(event['details'] ?? '')).not.toThrow();
    expect(csv.text).not.toContain(adminCredential);
    expect(jsonl.text).not.toContain(adminCredential);
  });

  test('§10 the retention setting is applied at once and audited', async ({ page, shell }) => {
    await showLockScreen(page, shell.url);
    await openConsole(page);
    const main = await goTo(page, 'Audit log');
    const retention = main.getByTestId('audit-retention');
    await expect(retention).toContainText(/events kept; the oldest is from/);
    const days = retention.getByRole('spinbutton', { name: /Keep audit events for/ });
    await expect(days).toHaveValue('30');
    await days.fill('7');
    await days.press('Tab');
    await retention.getByRole('button', { name: 'Save' }).click();
    await expect(retention).toContainText('Events are kept for 7 days.');
    await expect(days).toHaveValue('7');
    await main.getByLabel('Events of').selectOption({ label: 'All tenants and this device' });
    await main.getByLabel('Activity', { exact: true }).selectOption({ label: 'Device setting changed' });
    const row = main.getByTestId('audit-table').getByRole('row', { name: /Device setting changed/ });
    await expect(row).toContainText('auditRetentionDays');
    await row.getByRole('button').click();
    await expect(main.getByTestId('audit-details')).toContainText(/old\s*30/);
    await expect(main.getByTestId('audit-details')).toContainText(/new\s*7/);
    await checkNamedScreen(page, 'admin-audit-2-retention');
  });
});
