// The Device tab (spec §1 Device, §9; issue 6): the settings pane's equivalent of the
// AllowPasswordReset registry toggle, every interfering setting with the policy and registry value
// Windows keeps it under, the kiosk options, and where the app's secrets sit. The lock screen reads
// the device row on every `lockScreen.get`, so a change here reaches it at once.
import type { AdminDevice, DeviceSettingView } from '../../../shared/admin';
import type { ResetLinkBlocker } from '../../../shared/session';
import { CallFailure } from '../../../shared/errors';
import type { Clock } from '../clock';
import { osOlderThan1803, resetLinkOf } from '../sign-in/reset-link';
import { DeviceSettingsPatch, type DeviceSettings, type Store } from '../store';
import type { Vault } from '../vault/types';
import { auditChanges, changedFields } from './changes';
import type { AdminActor } from './entry-guard';

const systemPolicies = 'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Policies\\System';

type Location = DeviceSettingView['location'];

/** HKLM\SOFTWARE\Policies\Microsoft\AzureADAccount\AllowPasswordReset (spec §1). */
export const allowPasswordResetLocation: Location = {
  policy: 'Policy CSP: Authentication/AllowAadPasswordReset',
  path: 'HKLM\\SOFTWARE\\Policies\\Microsoft\\AzureADAccount',
  valueName: 'AllowPasswordReset',
};

interface InterferingSetting {
  field: keyof DeviceSettings;
  blocker: ResetLinkBlocker;
  location: Location;
  /** What the registry holds for the setting's value; null when the value is not set. */
  registryData: (device: DeviceSettings) => string | number | null;
}

const flag = (field: keyof DeviceSettings) => (device: DeviceSettings) => (device[field] === true ? 1 : 0);

/** Every interfering setting of §9, in its order, with where Windows keeps it. */
export const interferingSettings: readonly InterferingSetting[] = [
  {
    field: 'disableLockScreenAppNotifications',
    blocker: 'lockScreenAppNotificationsOff',
    location: {
      policy:
        'Computer Configuration\\Administrative Templates\\System\\Logon\\Turn off app notifications on the lock screen',
      path: 'HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows\\System',
      valueName: 'DisableLockScreenAppNotifications',
    },
    registryData: flag('disableLockScreenAppNotifications'),
  },
  {
    field: 'hideFastUserSwitching',
    blocker: 'hideFastUserSwitching',
    location: {
      policy:
        'Computer Configuration\\Administrative Templates\\System\\Logon\\Hide entry points for Fast User Switching',
      path: systemPolicies,
      valueName: 'HideFastUserSwitching',
    },
    registryData: flag('hideFastUserSwitching'),
  },
  {
    field: 'dontDisplayLastUserName',
    blocker: 'dontDisplayLastUserName',
    location: {
      policy: "Security Options\\Interactive logon: Don't display last signed-in",
      path: systemPolicies,
      valueName: 'DontDisplayLastUserName',
    },
    registryData: flag('dontDisplayLastUserName'),
  },
  {
    field: 'noLockScreen',
    blocker: 'noLockScreen',
    location: {
      policy:
        'Computer Configuration\\Administrative Templates\\Control Panel\\Personalization\\Do not display the lock screen',
      path: 'HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows\\Personalization',
      valueName: 'NoLockScreen',
    },
    registryData: flag('noLockScreen'),
  },
  {
    field: 'blockNonAdminUserInstall',
    blocker: 'blockNonAdminUserInstall',
    location: {
      policy:
        'Computer Configuration\\Administrative Templates\\Windows Components\\App Package Deployment\\Prevent non-admin users from installing packaged Windows apps',
      path: 'HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows\\Appx',
      valueName: 'BlockNonAdminUserInstall',
    },
    registryData: flag('blockNonAdminUserInstall'),
  },
  {
    field: 'lostMode',
    blocker: 'lostMode',
    location: { policy: 'Intune device action: Enable lost mode', path: null, valueName: null },
    registryData: () => null,
  },
  {
    field: 'customShell',
    blocker: 'customShell',
    location: {
      policy: 'Shell Launcher (a custom shell replaces Explorer)',
      path: 'HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Winlogon',
      valueName: 'Shell',
    },
    registryData: (device) => (device.customShell ? 'kiosk-shell.exe' : 'explorer.exe'),
  },
  {
    field: 'requireSmartCard',
    blocker: 'requireSmartCard',
    location: {
      policy: 'Security Options\\Interactive logon: Require Windows Hello for Business or smart card',
      path: systemPolicies,
      valueName: 'ScForceOption',
    },
    registryData: flag('requireSmartCard'),
  },
  {
    field: 'doNotRequireCtrlAltDel',
    blocker: 'ctrlAltDelWithHiddenLockedUser',
    location: {
      policy: 'Security Options\\Interactive logon: Do not require CTRL+ALT+DEL',
      path: systemPolicies,
      valueName: 'DisableCAD',
    },
    // Enabled = 1 (not required); disabled = 0 (CTRL+ALT+DEL required); not configured = no value.
    registryData: (device) =>
      device.doNotRequireCtrlAltDel === 'notConfigured' ? null : device.doNotRequireCtrlAltDel === 'enabled' ? 1 : 0,
  },
  {
    field: 'dontDisplayLockedUserId',
    blocker: 'ctrlAltDelWithHiddenLockedUser',
    location: {
      policy: 'Security Options\\Interactive logon: Display user information when the session is locked',
      path: systemPolicies,
      valueName: 'DontDisplayLockedUserId',
    },
    registryData: (device) => device.dontDisplayLockedUserId,
  },
  {
    field: 'remoteSession',
    blocker: 'remoteSession',
    location: { policy: 'A remote desktop or enhanced virtual-machine session', path: null, valueName: null },
    registryData: () => null,
  },
];

function settingView(
  device: DeviceSettings,
  setting: Omit<InterferingSetting, 'registryData'> & {
    registryData: string | number | null;
  },
  blockers: readonly ResetLinkBlocker[],
): DeviceSettingView {
  return {
    field: setting.field,
    value: device[setting.field],
    registryData: setting.registryData,
    location: setting.location,
    blocker: setting.blocker,
    active: blockers.includes(setting.blocker),
  };
}

export function deviceView(deps: { store: Store; vault: Vault; kiosk: boolean }): AdminDevice {
  const device = deps.store.device.get();
  const resetLink = resetLinkOf(device);
  return {
    deviceId: device.deviceId,
    name: device.name,
    allowPasswordReset: settingView(
      device,
      {
        field: 'allowPasswordReset',
        blocker: 'allowPasswordResetOff',
        location: allowPasswordResetLocation,
        registryData: device.allowPasswordReset ? 1 : 0,
      },
      resetLink.blockers,
    ),
    joinType: device.joinType,
    osVersion: device.osVersion,
    osOlderThan1803: osOlderThan1803(device.osVersion),
    domainControllerReachable: device.domainControllerReachable,
    interfering: interferingSettings.map((setting) =>
      settingView(device, { ...setting, registryData: setting.registryData(device) }, resetLink.blockers),
    ),
    kioskOptions: {
      alwaysShowResetLink: device.alwaysShowResetLink,
      fullscreen: device.fullscreen,
      trainingPanel: device.trainingPanel,
      captcha: device.captcha,
    },
    launchedAsKiosk: deps.kiosk,
    lastUserUpn: device.lastUserUpn,
    resetLink,
    vault: deps.vault.state(),
  };
}

const patchableFields = Object.keys(DeviceSettingsPatch.shape) as (keyof DeviceSettings & string)[];

/**
 * A partial patch of the device settings, checked by the store's own schema: a refused field is
 * named with its message and nothing changes. Each changed field is audited old → new.
 */
export function setDevice(
  deps: { store: Store; clock: Clock },
  admin: AdminActor,
  patch: Record<string, unknown>,
): void {
  const parsed = DeviceSettingsPatch.safeParse(patch);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.map(String).join('.') || Object.keys(patch)[0] || 'patch';
    const message =
      issue?.code === 'unrecognized_keys'
        ? `There is no device setting called ${issue.keys.join(', ')}.`
        : `${field}: ${issue?.message ?? 'is not valid'}`;
    throw new CallFailure('invalid_request', message);
  }
  const { store } = deps;
  const upn = parsed.data.lastUserUpn;
  if (upn && !store.users.byUpn(upn)) {
    throw new CallFailure('invalid_request', 'lastUserUpn: there is no user with that UPN.');
  }
  store.transaction(() => {
    const before = store.device.get();
    const after = store.device.update(parsed.data);
    auditChanges(
      store,
      'deviceSettingChanged',
      { admin, at: deps.clock.now(), area: 'device' },
      changedFields(before, after, patchableFields),
    );
  });
}
