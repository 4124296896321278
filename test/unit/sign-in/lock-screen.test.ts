import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import { dispatch } from '../../../electron/main/api/dispatch';
import { openEngine } from '../../../electron/main/engine';
import { openVault } from '../../../electron/main/vault/vault';
import { memoryLogger } from '../../../electron/main/log';
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
    expect(await call('session.signOut', {})).toEqual({ user: null, locked: false, next: null });
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
    expect(await call('session.get', {})).toEqual({ user: null, locked: false, next: null });
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

describe('§8 hashing parameters can be raised later', () => {
  it('a hash made at a lower cost is replaced at the next successful sign-in, history and last-set kept', async () => {
    const weak = await openTestEngine({ hashCost: { N: 512, r: 8, p: 1 } });
    const dbPath = weak.dbPath;
    const vaultDir = weak.dir;
    weak.engine.close();
    const stronger = await openEngine({
      dbPath,
      resourcesDir: resolve('resources'),
      vault: await openVault({ fileDir: vaultDir, backend: 'file' }),
      shell: 'browser',
      hashCost: { N: 2048, r: 8, p: 1 },
      log: memoryLogger(),
    });
    const store = openStore(dbPath);
    const before = store.users.byUpn(demo.lastUser.upn);
    expect(before?.passwordHash).toContain('N=512,');
    const answer = await dispatch(
      stronger.handlers,
      'session.signIn',
      { upn: demo.lastUser.upn, password: demo.lastUser.password },
      { shell: 'browser' },
      memoryLogger(),
    );
    expect(answer).toMatchObject({ ok: true, value: { outcome: 'signedIn' } });
    const after = store.users.byUpn(demo.lastUser.upn);
    expect(after?.passwordHash).toContain('N=2048,');
    expect(after?.passwordLastSet).toEqual(before?.passwordLastSet);
    expect(store.users.passwordHistory(after?.id ?? 0, 1)).toEqual([after?.passwordHash]);
    store.close();
    stronger.close();
    weak.close();
  });
});
