import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';
import { electronPackageDir, findElectronRuntime, installedElectronVersion } from '../../scripts/start';
import { prepareElectronNative } from '../../scripts/electron-native';

const projectDir = resolve(import.meta.dirname, '..', '..');
const mainEntry = join(projectDir, 'out', 'main', 'index.js');
const screens = join(projectDir, 'test-results', 'screens');

// Detected from path.txt and dist/ without loading electron's index.js, which would try to download.
const runtime = findElectronRuntime(electronPackageDir());

test('the Electron shell opens on the lock screen', async () => {
  const missing =
    runtime === null
      ? 'Electron runtime not installed here (node_modules/electron has no dist/); run npm start on a machine with internet to fetch it'
      : !existsSync(mainEntry)
        ? 'out/main/index.js is missing: run npm run build first'
        : null;
  if (missing) {
    // The list reporter shows a skip without its reason; say it where the run is read.
    console.log(`skipped: ${missing}`);
    test.skip(true, missing);
  }
  const executablePath = runtime ?? '';
  const nativeBinding = await prepareElectronNative({ electronVersion: installedElectronVersion(), projectDir });

  const dataDir = mkdtempSync(join(tmpdir(), 'sspr-electron-'));
  const app = await electron.launch({
    executablePath,
    args: [mainEntry, '--db', join(dataDir, 'sspr.db'), '--vault', 'file'],
    cwd: projectDir,
    env: { ...process.env, SSPR_ELECTRON_NATIVE_BINDING: nativeBinding },
  });
  try {
    const page = await app.firstWindow();
    await expect(page.getByTestId('lock-screen')).toBeVisible();
    // The preload's contract is there, and nothing of Node is.
    expect(
      await page.evaluate(() => Object.keys((window as Window & { sspr?: object }).sspr ?? {}).length),
    ).toBeGreaterThan(0);
    expect(await page.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
    mkdirSync(screens, { recursive: true });
    const screenshot = join(screens, 'electron-lock-screen.png');
    await page.screenshot({ path: screenshot });
    await test.info().attach('lock screen', { path: screenshot, contentType: 'image/png' });
  } finally {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
