import { resetLinkBlockers, type ResetLink, type ResetLinkBlocker } from '../../../shared/session';
import type { DeviceSettings } from '../store';

/** Windows 10 version 1803, the first to offer "Reset password" at the sign-in screen (§9). */
export const minimumOsBuild = [10, 0, 17134] as const;

/** Whether a `major.minor.build` version is older than Windows 10 1803. */
export function osOlderThan1803(osVersion: string): boolean {
  const parts = osVersion.split('.').map((part) => Number.parseInt(part, 10));
  for (let index = 0; index < minimumOsBuild.length; index++) {
    const part = parts[index] ?? 0;
    const minimum = minimumOsBuild[index] ?? 0;
    if (Number.isNaN(part) || part < minimum) return true;
    if (part > minimum) return false;
  }
  return false;
}

/** Each §9 setting that hides the link, as a test on the device's settings. */
const hides: Record<ResetLinkBlocker, (device: DeviceSettings) => boolean> = {
  allowPasswordResetOff: (device) => !device.allowPasswordReset,
  notJoined: (device) => device.joinType !== 'entra-joined' && device.joinType !== 'hybrid-joined',
  osTooOld: (device) => osOlderThan1803(device.osVersion),
  lockScreenAppNotificationsOff: (device) => device.disableLockScreenAppNotifications,
  hideFastUserSwitching: (device) => device.hideFastUserSwitching,
  dontDisplayLastUserName: (device) => device.dontDisplayLastUserName,
  noLockScreen: (device) => device.noLockScreen,
  blockNonAdminUserInstall: (device) => device.blockNonAdminUserInstall,
  lostMode: (device) => device.lostMode,
  customShell: (device) => device.customShell,
  requireSmartCard: (device) => device.requireSmartCard,
  // Only the two together hide it: Ctrl+Alt+Del required AND no user information on the locked screen.
  ctrlAltDelWithHiddenLockedUser: (device) =>
    device.doNotRequireCtrlAltDel === 'disabled' && device.dontDisplayLockedUserId === 3,
  remoteSession: (device) => device.remoteSession !== 'none',
};

/**
 * §9: the "Reset password" link shows when AllowPasswordReset is 1, the device is Entra or hybrid
 * joined, the OS is Windows 10 1803 or later and no interfering setting is on. Every setting that
 * hides it is listed, in §9's order, for the "Why don't I see Reset password?" diagnostic. A hybrid
 * device with no domain controller in sight keeps the link but carries a warning.
 */
export function resetLinkOf(device: DeviceSettings): ResetLink {
  const blockers = resetLinkBlockers.filter((blocker) => hides[blocker](device));
  return {
    available: blockers.length === 0,
    showAlways: device.alwaysShowResetLink,
    blockers,
    warnings: device.joinType === 'hybrid-joined' && !device.domainControllerReachable ? ['noDomainController'] : [],
  };
}
