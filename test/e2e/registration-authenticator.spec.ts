import jsQR from 'jsqr';
import { generateSync } from 'otplib';
import { PNG } from 'pngjs';
import { test, expect } from './fixtures';
import { checkNamedScreen } from '../support/reset-wizard';
import { setup, signIn } from '../support/registration';

const lidia = { upn: 'lidia.holloway@contoso.com', password: 'Velvet-Orchid-52' };

test.describe('§7 authenticator app registration', () => {
  test.slow();

  test('§7 the QR code on screen is a real otpauth:// URI: the test decodes what it sees, computes the TOTP and registers the app', async ({
    page,
    shell,
  }) => {
    // Lidia holds a mobile phone only and was first asked 20 days ago: registration is mandatory.
    await signIn(page, shell.url, lidia.upn, lidia.password);
    const interrupt = page.getByTestId('registration-interrupt');
    await expect(interrupt.getByRole('button', { name: 'Not now' })).toHaveCount(0);
    await interrupt.getByRole('button', { name: 'Next' }).click();

    const wizard = page.getByTestId('registration-wizard');
    await expect(wizard.getByTestId('step-of')).toHaveText('Method 1 of 1: Authenticator app');
    await expect(setup(page)).toContainText('Start by getting the app');
    await setup(page).getByRole('textbox', { name: 'Name this phone' }).fill("Lidia's Pixel");
    await checkNamedScreen(page, 'registration-app-1-get-the-app');
    await setup(page).getByRole('button', { name: 'Next' }).click();

    // What the user sees: a QR code image, and no secret written anywhere on the page.
    const qr = page.getByTestId('authenticator-qr');
    await expect(qr).toBeVisible();
    await expect(qr).toHaveAttribute('alt', 'QR code to scan with your authenticator app');
    await setup(page).getByRole('button', { name: "Can't scan image?" }).click();
    await expect(setup(page).getByTestId('cant-scan')).toContainText('This training app shows the QR code only');
    await checkNamedScreen(page, 'registration-app-2-scan-qr');

    const shot = PNG.sync.read(await qr.screenshot());
    const decoded = jsQR(new Uint8ClampedArray(shot.data), shot.width, shot.height);
    expect(decoded, 'a QR code in the image on screen').not.toBeNull();
    const uri = decoded?.data ?? '';
    expect(uri).toMatch(
      /^otpauth:\/\/totp\/Contoso:lidia\.holloway%40contoso\.com\?secret=[A-Z2-7]{32}&issuer=Contoso&algorithm=SHA1&digits=6&period=30$/,
    );
    const secret = new URL(uri).searchParams.get('secret') ?? '';
    expect(await page.locator('body').innerText()).not.toContain(secret);
    expect(await page.content()).not.toContain(secret);

    await setup(page).getByRole('button', { name: 'Next' }).click();
    await expect(setup(page)).toContainText('Enter the 6-digit code shown in the authenticator app.');
    // A wrong code first, then the one the app would show now (the shell runs on real time).
    await setup(page).getByRole('textbox', { name: 'Code' }).fill('000000');
    await setup(page).getByRole('button', { name: 'Next' }).click();
    await expect(setup(page).getByTestId('si-notice')).toContainText("That code didn't work");
    await checkNamedScreen(page, 'registration-app-3-wrong-code');
    const code = generateSync({
      secret,
      algorithm: 'sha1',
      digits: 6,
      period: 30,
      epoch: Math.floor(Date.now() / 1000),
    });
    await setup(page).getByRole('textbox', { name: 'Code' }).fill(code);
    await setup(page).getByRole('button', { name: 'Next' }).click();

    const success = page.getByTestId('registration-success');
    await expect(success.getByRole('heading', { name: 'Success!' })).toBeVisible();
    await expect(success).toContainText('Authenticator app – notification');
    await expect(success).toContainText("Lidia's Pixel");
    await checkNamedScreen(page, 'registration-app-4-success');
    await success.getByRole('button', { name: 'Done' }).click();
    await expect(page.getByTestId('desktop')).toBeVisible();
  });
});
