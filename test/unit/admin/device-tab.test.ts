// Spec §1 Device and §9 through the Device tab: AllowPasswordReset with its registry path and value,
// every interfering setting with the policy and registry value Windows keeps it under, the kiosk
// options, where secrets sit; a change reaches the lock screen at once and is audited old → new; a
// refused patch changes nothing. The CAPTCHA and training panel options are honoured by the flows.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resetLinkBlockers } from '../../../shared/session';
import { openAdminHarness, snapshot, type AdminHarness } from './support';

let h: AdminHarness;
beforeEach(async () => {
  h = await openAdminHarness();
});
afterEach(() => h.close());

describe('§9 the Device tab', () => {
  it('§1 shows AllowPasswordReset with HKLM\\SOFTWARE\\Policies\\Microsoft\\AzureADAccount and its value 0/1, the join type, the OS and where secrets sit', async () => {
    const device = await h.call('admin.device.get', {});
    expect(device.allowPasswordReset).toMatchObject({
      field: 'allowPasswordReset',
      value: true,
      registryData: 1,
      location: { path: 'HKLM\\SOFTWARE\\Policies\\Microsoft\\AzureADAccount', valueName: 'AllowPasswordReset' },
      active: false,
    });
    expect(device).toMatchObject({
      joinType: 'entra-joined',
      osOlderThan1803: false,
      vault: { backend: 'file' },
      launchedAsKiosk: false,
      kioskOptions: { captcha: true },
    });
    const off = await h.call('admin.device.set', { patch: { allowPasswordReset: false } });
    expect(off.allowPasswordReset).toMatchObject({ value: false, registryData: 0, active: true });
  });

  it('§9 lists every interfering setting with its policy or registry name, and marks the ones hiding the link', async () => {
    const device = await h.call('admin.device.get', {});
    const deviceWide = ['allowPasswordResetOff', 'notJoined', 'osTooOld'];
    const covered = new Set(device.interfering.map((setting) => setting.blocker));
    expect(resetLinkBlockers.filter((blocker) => !deviceWide.includes(blocker) && !covered.has(blocker))).toEqual([]);
    for (const setting of device.interfering) {
      expect(setting.location.policy, setting.field).toBeTruthy();
      expect(setting.active, setting.field).toBe(false);
    }
    expect(device.interfering.find((setting) => setting.field === 'hideFastUserSwitching')).toMatchObject({
      location: {
        path: 'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Policies\\System',
        valueName: 'HideFastUserSwitching',
      },
      registryData: 0,
    });
    // Only the two together hide the link: CTRL+ALT+DEL required and no user information when locked.
    const one = await h.call('admin.device.set', { patch: { doNotRequireCtrlAltDel: 'disabled' } });
    expect(one.resetLink.available).toBe(true);
    const both = await h.call('admin.device.set', { patch: { dontDisplayLockedUserId: 3 } });
    expect(both.resetLink.blockers).toEqual(['ctrlAltDelWithHiddenLockedUser']);
    expect(both.interfering.filter((setting) => setting.active).map((setting) => setting.registryData)).toEqual([0, 3]);
  });

  it('§9 AllowPasswordReset off takes the link off the lock screen at once, and on brings it back; each change is audited old → new', async () => {
    await h.call('admin.device.set', { patch: { allowPasswordReset: false } });
    const hidden = await h.call('lockScreen.get', {});
    expect(hidden.resetLink).toMatchObject({ available: false, blockers: ['allowPasswordResetOff'] });
    expect(await h.refused('reset.start', {})).toMatchObject({ code: 'forbidden' });
    await h.call('admin.device.set', { patch: { allowPasswordReset: true, alwaysShowResetLink: true } });
    expect((await h.call('lockScreen.get', {})).resetLink).toMatchObject({ available: true, showAlways: true });
    const changes = h.store.audit.list({ limit: 10, activity: 'deviceSettingChanged' }).map((event) => event.details);
    expect(changes).toEqual([
      { area: 'device', field: 'alwaysShowResetLink', old: false, new: true },
      { area: 'device', field: 'allowPasswordReset', old: false, new: true },
      { area: 'device', field: 'allowPasswordReset', old: true, new: false },
    ]);
  });

  it('§9 a refused patch names the field with its message and changes nothing', async () => {
    const before = snapshot(h.store);
    const bad: Array<[Record<string, unknown>, RegExp]> = [
      [{ osVersion: 'ten' }, /^osVersion: must look like 10\.0\.26100/],
      [{ joinType: 'domain-joined' }, /^joinType:/],
      [{ name: 'NAME WITH SPACES' }, /^name: must be a computer name/],
      [{ allowPasswordReset: true, registryHack: 1 }, /no device setting called registryHack/],
      [{ dontDisplayLockedUserId: 7 }, /^dontDisplayLockedUserId:/],
      [{ lastUserUpn: 'nobody@contoso.com' }, /^lastUserUpn: there is no user/],
    ];
    for (const [patch, message] of bad) {
      const error = await h.refused('admin.device.set', { patch: patch as Record<string, boolean> });
      expect(error.code, JSON.stringify(patch)).toBe('invalid_request');
      expect(error.message, JSON.stringify(patch)).toMatch(message);
    }
    expect(snapshot(h.store)).toBe(before);
    expect(h.store.audit.list({ limit: 5, activity: 'deviceSettingChanged' })).toEqual([]);
  });

  it('issue 6 kiosk option: with the CAPTCHA off a training room identifies without one; on, a wrong one is refused', async () => {
    const started = await h.call('reset.start', {});
    expect(started.view).toMatchObject({ step: 'identify', captchaRequired: true });
    const refused = await h.call('reset.identify', { flowId: started.flowId, upn: 'adele.vance@contoso.com' });
    expect(refused).toMatchObject({ step: 'identify', notice: { code: 'captchaWrong' } });

    await h.call('admin.device.set', { patch: { captcha: false } });
    expect(await h.call('reset.view', { flowId: started.flowId })).toMatchObject({ captchaRequired: false });
    const passed = await h.call('reset.identify', { flowId: started.flowId, upn: 'adele.vance@contoso.com' });
    expect(passed).toMatchObject({ step: 'verify', upn: 'adele.vance@contoso.com' });
  });

  it('issue 6 kiosk option: the training devices panel answers only while it is on', async () => {
    await h.call('admin.device.set', { patch: { trainingPanel: false } });
    expect(await h.call('training.state', {})).toMatchObject({ enabled: false });
    expect(await h.refused('training.devices', { upn: 'adele.vance@contoso.com' })).toMatchObject({
      code: 'forbidden',
    });
    await h.call('admin.device.set', { patch: { trainingPanel: true } });
    expect(await h.call('training.devices', { upn: 'adele.vance@contoso.com' })).toMatchObject({
      upn: 'adele.vance@contoso.com',
    });
  });

  it('§9 DontDisplayLastUserName hides the last user tile on the lock screen as soon as it is set', async () => {
    expect((await h.call('lockScreen.get', {})).lastUser).not.toBeNull();
    await h.call('admin.device.set', { patch: { dontDisplayLastUserName: true } });
    const lock = await h.call('lockScreen.get', {});
    expect(lock.lastUser).toBeNull();
    expect(lock.resetLink.blockers).toEqual(['dontDisplayLastUserName']);
  });
});
