import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../../electron/main/api/dispatch';
import { osOlderThan1803, resetLinkOf } from '../../../electron/main/sign-in/reset-link';
import { deviceDefaults } from '../../../electron/main/scenario/replace';
import type { DeviceSettings } from '../../../electron/main/store';
import { resetLinkBlockers, type ResetLinkBlocker } from '../../../shared/session';
import { openFlowHarness, type FlowHarness } from '../flows/support';

/** A device on which every §9 condition holds. */
const ready: DeviceSettings = {
  ...deviceDefaults,
  deviceId: '00000000-0000-0000-0000-000000000000',
  name: 'KIOSK1',
  allowPasswordReset: true,
};

/** The one setting that, alone, turns each blocker on. */
const turnsOn: Record<ResetLinkBlocker, Partial<DeviceSettings>> = {
  allowPasswordResetOff: { allowPasswordReset: false },
  notJoined: { joinType: 'workgroup' },
  osTooOld: { osVersion: '10.0.16299' },
  lockScreenAppNotificationsOff: { disableLockScreenAppNotifications: true },
  hideFastUserSwitching: { hideFastUserSwitching: true },
  dontDisplayLastUserName: { dontDisplayLastUserName: true },
  noLockScreen: { noLockScreen: true },
  blockNonAdminUserInstall: { blockNonAdminUserInstall: true },
  lostMode: { lostMode: true },
  customShell: { customShell: true },
  requireSmartCard: { requireSmartCard: true },
  ctrlAltDelWithHiddenLockedUser: { doNotRequireCtrlAltDel: 'disabled', dontDisplayLockedUserId: 3 },
  remoteSession: { remoteSession: 'remoteDesktop' },
};

describe('§9 when the "Reset password" link shows', () => {
  it('§9 AllowPasswordReset = 1 on an Entra-joined Windows 11 with nothing interfering: the link is available', () => {
    expect(resetLinkOf(ready)).toEqual({ available: true, showAlways: false, blockers: [], warnings: [] });
  });

  it('§9 a hybrid-joined device shows it too', () => {
    expect(resetLinkOf({ ...ready, joinType: 'hybrid-joined' })).toMatchObject({ available: true, blockers: [] });
  });

  for (const blocker of resetLinkBlockers) {
    it(`§9 ${blocker} alone hides the link and is named`, () => {
      expect(resetLinkOf({ ...ready, ...turnsOn[blocker] })).toMatchObject({ available: false, blockers: [blocker] });
    });
  }

  it('§9 every interfering setting at once is listed, in the order of §9', () => {
    const all = Object.assign({}, ready, ...Object.values(turnsOn)) as DeviceSettings;
    expect(resetLinkOf(all).blockers).toEqual([...resetLinkBlockers]);
  });

  it('§9 "Do not require CTRL+ALT+DEL" disabled hides it only together with DontDisplayLockedUserID = 3', () => {
    expect(resetLinkOf({ ...ready, doNotRequireCtrlAltDel: 'disabled' }).available).toBe(true);
    expect(resetLinkOf({ ...ready, dontDisplayLockedUserId: 3 }).available).toBe(true);
    expect(resetLinkOf({ ...ready, doNotRequireCtrlAltDel: 'disabled', dontDisplayLockedUserId: 2 }).available).toBe(
      true,
    );
    expect(resetLinkOf({ ...ready, doNotRequireCtrlAltDel: 'enabled', dontDisplayLockedUserId: 3 }).available).toBe(
      true,
    );
  });

  it('§9 an enhanced virtual-machine session hides it like a remote desktop session', () => {
    expect(resetLinkOf({ ...ready, remoteSession: 'enhancedSession' }).blockers).toEqual(['remoteSession']);
  });

  it('§9 Windows 10 1803 (10.0.17134) is the first version that offers it', () => {
    expect(osOlderThan1803('10.0.17133')).toBe(true);
    expect(osOlderThan1803('10.0.17134')).toBe(false);
    expect(osOlderThan1803('10.0.19045')).toBe(false);
    expect(osOlderThan1803('6.3.9600')).toBe(true);
    expect(osOlderThan1803('11.0.0')).toBe(false);
  });

  it('§9 a hybrid device with no line of sight to a domain controller keeps the link and carries a warning', () => {
    expect(resetLinkOf({ ...ready, joinType: 'hybrid-joined', domainControllerReachable: false })).toMatchObject({
      available: true,
      warnings: ['noDomainController'],
    });
    // An Entra-joined device needs no domain controller.
    expect(resetLinkOf({ ...ready, domainControllerReachable: false }).warnings).toEqual([]);
  });

  it('§9 the kiosk option shows the link from the start', () => {
    expect(resetLinkOf({ ...ready, alwaysShowResetLink: true })).toMatchObject({ available: true, showAlways: true });
  });
});

describe('§9 the lock screen and reset.start follow the device', () => {
  let h: FlowHarness;
  beforeEach(async () => {
    h = await openFlowHarness();
  });
  afterEach(() => h.close());

  it('§9 lockScreen.get carries the link and its blockers', async () => {
    expect((await h.call('lockScreen.get', {})).resetLink).toEqual({
      available: true,
      showAlways: false,
      blockers: [],
      warnings: [],
    });
    h.store.device.update({ noLockScreen: true, lostMode: true });
    expect((await h.call('lockScreen.get', {})).resetLink).toMatchObject({
      available: false,
      blockers: ['noLockScreen', 'lostMode'],
    });
  });

  it('§9 reset.start is refused when the link is hidden: the renderer cannot open the wizard anyway', async () => {
    h.store.device.update({ allowPasswordReset: false });
    const answer = await dispatch(h.t.engine.handlers, 'reset.start', {}, { shell: 'browser' }, h.t.log);
    expect(answer).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    h.store.device.update({ allowPasswordReset: true });
    expect((await h.call('reset.start', {})).view.step).toBe('identify');
  });
});
