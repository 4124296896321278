import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../../electron/main/api/dispatch';
import { openStore } from '../../../electron/main/store';
import { openTestEngine, type TestEngine } from '../support/engine';
import { demo } from '../../support/demo-tenant';
import type { CallName, CallRequest } from '../../../shared/contract';

let t: TestEngine;
beforeEach(async () => {
  t = await openTestEngine();
});
afterEach(() => t.close());

async function call<N extends CallName>(name: N, request: CallRequest<N>) {
  const answer = await dispatch(t.engine.handlers, name, request, { shell: 'browser' }, t.log);
  if (!answer.ok) throw new Error(`${name} refused: ${answer.error.code}`);
  return answer.value as never;
}

describe('§11 sign-in at the lock screen', () => {
  it('the lock screen shows the first tenant of the store with its branding, helpdesk and last user', async () => {
    const lock = await call('lockScreen.get', {});
    expect(lock).toMatchObject({
      tenantName: 'Contoso',
      branding: { logoText: 'Contoso', accentColor: '#0f6cbd' },
      helpdesk: { link: 'https://helpdesk.contoso.com/password' },
      lastUser: { upn: demo.lastUser.upn, displayName: 'Adele Vance', initials: 'AV' },
    });
  });

  it('§9 DontDisplayLastUserName = 1 hides the last user tile', async () => {
    const store = openStore(t.dbPath);
    store.device.update({ dontDisplayLastUserName: true });
    store.close();
    const lock = await call('lockScreen.get', {});
    expect((lock as { lastUser: unknown }).lastUser).toBeNull();
  });

  it('the right password signs in and becomes the last user; Lock keeps the user; Sign out ends it', async () => {
    const result = await call('session.signIn', {
      upn: demo.otherUser.upn.toUpperCase(),
      password: demo.otherUser.password,
    });
    expect(result).toMatchObject({
      outcome: 'signedIn',
      session: { user: { upn: demo.otherUser.upn }, locked: false },
    });
    expect(await call('lockScreen.get', {})).toMatchObject({ lastUser: { upn: demo.otherUser.upn } });
    expect(await call('session.lock', {})).toMatchObject({ user: { upn: demo.otherUser.upn }, locked: true });
    expect(await call('session.signOut', {})).toEqual({ user: null, locked: false });
  });

  it('a wrong password, an unknown account and a disabled account get the same answer', async () => {
    const wrong = await call('session.signIn', { upn: demo.lastUser.upn, password: 'Not-The-Password-1' });
    const unknown = await call('session.signIn', { upn: 'nobody@contoso.com', password: 'Whatever-1' });
    const disabled = await call('session.signIn', { upn: demo.disabledUser.upn, password: demo.disabledUser.password });
    expect([wrong, unknown, disabled]).toEqual([
      { outcome: 'wrongCredentials' },
      { outcome: 'wrongCredentials' },
      { outcome: 'wrongCredentials' },
    ]);
    expect(await call('session.get', {})).toEqual({ user: null, locked: false });
  });

  it('no password reaches the log', async () => {
    await call('session.signIn', { upn: demo.lastUser.upn, password: demo.lastUser.password });
    await call('session.signIn', { upn: demo.lastUser.upn, password: 'Typo-Password-99' });
    const logged = t.log.lines.join('\n');
    expect(logged).not.toContain(demo.lastUser.password);
    expect(logged).not.toContain('Typo-Password-99');
  });

  it('app info reports the shell and where the secrets are kept', async () => {
    expect(await call('app.getInfo', {})).toMatchObject({ shell: 'browser', vault: { backend: 'file' } });
  });
});
