import { z } from 'zod';
import type { Database, Statement } from './database';
import { bit, isoTime } from './rows';

export const joinTypes = ['entra-joined', 'hybrid-joined', 'workgroup'] as const;
export const remoteSessions = ['none', 'remoteDesktop', 'enhancedSession'] as const;
/** The three states of the "Interactive logon: Do not require CTRL+ALT+DEL" group policy. */
export const ctrlAltDelPolicies = ['notConfigured', 'enabled', 'disabled'] as const;

/**
 * What can be changed about the device the app imitates (spec §9): the registry value that shows the
 * "Reset password" link, the join type and OS, each interfering setting, and the kiosk options.
 */
export const DeviceSettingsPatch = z
  .object({
    name: z
      .string()
      .regex(/^[A-Za-z0-9-]{1,15}$/, 'must be a computer name: 1 to 15 letters, digits or hyphens')
      .optional(),
    /** HKLM\SOFTWARE\Policies\Microsoft\AzureADAccount\AllowPasswordReset. */
    allowPasswordReset: z.boolean().optional(),
    joinType: z.enum(joinTypes).optional(),
    /** major.minor.build, e.g. 10.0.26100 for Windows 11 24H2; Windows 10 1803 is 10.0.17134. */
    osVersion: z
      .string()
      .regex(/^\d{1,3}\.\d{1,3}\.\d{1,6}$/, 'must look like 10.0.26100')
      .optional(),
    disableLockScreenAppNotifications: z.boolean().optional(),
    hideFastUserSwitching: z.boolean().optional(),
    dontDisplayLastUserName: z.boolean().optional(),
    noLockScreen: z.boolean().optional(),
    blockNonAdminUserInstall: z.boolean().optional(),
    lostMode: z.boolean().optional(),
    customShell: z.boolean().optional(),
    requireSmartCard: z.boolean().optional(),
    doNotRequireCtrlAltDel: z.enum(ctrlAltDelPolicies).optional(),
    /** DontDisplayLockedUserID: 1 name and ID, 2 name only, 3 no user information; null when not set. */
    dontDisplayLockedUserId: z
      .union([z.literal(1), z.literal(2), z.literal(3)])
      .nullable()
      .optional(),
    remoteSession: z.enum(remoteSessions).optional(),
    /** A hybrid-joined device without line of sight to a domain controller. */
    domainControllerReachable: z.boolean().optional(),
    alwaysShowResetLink: z.boolean().optional(),
    fullscreen: z.boolean().optional(),
    trainingPanel: z.boolean().optional(),
    captcha: z.boolean().optional(),
    lastUserUpn: z.string().trim().min(3).max(256).nullable().optional(),
  })
  .strict();
export type DeviceSettingsPatch = z.input<typeof DeviceSettingsPatch>;

export interface DeviceSettings {
  /** A stable id for this machine, made when the database was created; audit events carry it. */
  deviceId: string;
  name: string;
  allowPasswordReset: boolean;
  joinType: (typeof joinTypes)[number];
  osVersion: string;
  disableLockScreenAppNotifications: boolean;
  hideFastUserSwitching: boolean;
  dontDisplayLastUserName: boolean;
  noLockScreen: boolean;
  blockNonAdminUserInstall: boolean;
  lostMode: boolean;
  customShell: boolean;
  requireSmartCard: boolean;
  doNotRequireCtrlAltDel: (typeof ctrlAltDelPolicies)[number];
  dontDisplayLockedUserId: 1 | 2 | 3 | null;
  remoteSession: (typeof remoteSessions)[number];
  domainControllerReachable: boolean;
  alwaysShowResetLink: boolean;
  fullscreen: boolean;
  trainingPanel: boolean;
  captcha: boolean;
  lastUserUpn: string | null;
}

interface DeviceRow {
  device_id: string;
  name: string;
  allow_password_reset: number;
  join_type: DeviceSettings['joinType'];
  os_version: string;
  disable_lock_screen_app_notifications: number;
  hide_fast_user_switching: number;
  dont_display_last_user_name: number;
  no_lock_screen: number;
  block_non_admin_user_install: number;
  lost_mode: number;
  custom_shell: number;
  require_smart_card: number;
  do_not_require_ctrl_alt_del: DeviceSettings['doNotRequireCtrlAltDel'];
  dont_display_locked_user_id: 1 | 2 | 3 | null;
  remote_session: DeviceSettings['remoteSession'];
  domain_controller_reachable: number;
  always_show_reset_link: number;
  fullscreen: number;
  training_panel: number;
  captcha: number;
  last_user_upn: string | null;
}

type DeviceColumns = Omit<DeviceRow, 'device_id'>;

export function createDeviceRepository(db: Database) {
  const statements = {
    get: db.prepare<[], DeviceRow>('SELECT * FROM device WHERE id = 1'),
    update: db.prepare<[DeviceColumns]>(
      `UPDATE device SET name = @name, allow_password_reset = @allow_password_reset, join_type = @join_type,
         os_version = @os_version, disable_lock_screen_app_notifications = @disable_lock_screen_app_notifications,
         hide_fast_user_switching = @hide_fast_user_switching, dont_display_last_user_name = @dont_display_last_user_name,
         no_lock_screen = @no_lock_screen, block_non_admin_user_install = @block_non_admin_user_install,
         lost_mode = @lost_mode, custom_shell = @custom_shell, require_smart_card = @require_smart_card,
         do_not_require_ctrl_alt_del = @do_not_require_ctrl_alt_del,
         dont_display_locked_user_id = @dont_display_locked_user_id, remote_session = @remote_session,
         domain_controller_reachable = @domain_controller_reachable, always_show_reset_link = @always_show_reset_link,
         fullscreen = @fullscreen, training_panel = @training_panel, captcha = @captcha, last_user_upn = @last_user_upn
       WHERE id = 1`,
    ),
  };
  // Prepared on first use: a store opened at an older version for a migration test has no such table yet.
  let passwordChecks: {
    get: Statement<[number], { password_set_at: string }>;
    record: Statement<[number, string, string]>;
  } | null = null;
  const checks = () =>
    (passwordChecks ??= {
      get: db.prepare<[number], { password_set_at: string }>(
        'SELECT password_set_at FROM device_password_checks WHERE user_id = ?',
      ),
      record: db.prepare<[number, string, string]>(
        `INSERT INTO device_password_checks (user_id, password_set_at, verified_at) VALUES (?, ?, ?)
         ON CONFLICT (user_id) DO UPDATE SET password_set_at = excluded.password_set_at, verified_at = excluded.verified_at`,
      ),
    });

  const get = (): DeviceSettings => {
    const row = statements.get.get();
    if (!row) throw new Error('The device row is missing; the database was not migrated.');
    return toSettings(row);
  };

  return {
    get,
    /** Applies a validated patch; `lastUserUpn` must name an existing user (or be null). */
    update: (patch: DeviceSettingsPatch): DeviceSettings => {
      const parsed = DeviceSettingsPatch.parse(patch);
      const next: DeviceSettings = {
        ...get(),
        ...(Object.fromEntries(
          Object.entries(parsed).filter(([, value]) => value !== undefined),
        ) as Partial<DeviceSettings>),
      };
      statements.update.run(toColumns(next));
      return get();
    },
    /**
     * The last-set time of the user's password as this device last verified it (its cached logon,
     * §9); null when it never has.
     */
    verifiedPasswordSetAt: (userId: number): Date | null => {
      const row = checks().get.get(userId);
      return row ? new Date(row.password_set_at) : null;
    },
    /** This device verified the user's password, the one set at `passwordSetAt`. */
    recordPasswordVerified: (userId: number, passwordSetAt: Date, at: Date): void => {
      checks().record.run(userId, isoTime(passwordSetAt), isoTime(at));
    },
  };
}

export type DeviceRepository = ReturnType<typeof createDeviceRepository>;

function toSettings(row: DeviceRow): DeviceSettings {
  return {
    deviceId: row.device_id,
    name: row.name,
    allowPasswordReset: row.allow_password_reset === 1,
    joinType: row.join_type,
    osVersion: row.os_version,
    disableLockScreenAppNotifications: row.disable_lock_screen_app_notifications === 1,
    hideFastUserSwitching: row.hide_fast_user_switching === 1,
    dontDisplayLastUserName: row.dont_display_last_user_name === 1,
    noLockScreen: row.no_lock_screen === 1,
    blockNonAdminUserInstall: row.block_non_admin_user_install === 1,
    lostMode: row.lost_mode === 1,
    customShell: row.custom_shell === 1,
    requireSmartCard: row.require_smart_card === 1,
    doNotRequireCtrlAltDel: row.do_not_require_ctrl_alt_del,
    dontDisplayLockedUserId: row.dont_display_locked_user_id,
    remoteSession: row.remote_session,
    domainControllerReachable: row.domain_controller_reachable === 1,
    alwaysShowResetLink: row.always_show_reset_link === 1,
    fullscreen: row.fullscreen === 1,
    trainingPanel: row.training_panel === 1,
    captcha: row.captcha === 1,
    lastUserUpn: row.last_user_upn,
  };
}

function toColumns(settings: DeviceSettings): DeviceColumns {
  return {
    name: settings.name,
    allow_password_reset: bit(settings.allowPasswordReset),
    join_type: settings.joinType,
    os_version: settings.osVersion,
    disable_lock_screen_app_notifications: bit(settings.disableLockScreenAppNotifications),
    hide_fast_user_switching: bit(settings.hideFastUserSwitching),
    dont_display_last_user_name: bit(settings.dontDisplayLastUserName),
    no_lock_screen: bit(settings.noLockScreen),
    block_non_admin_user_install: bit(settings.blockNonAdminUserInstall),
    lost_mode: bit(settings.lostMode),
    custom_shell: bit(settings.customShell),
    require_smart_card: bit(settings.requireSmartCard),
    do_not_require_ctrl_alt_del: settings.doNotRequireCtrlAltDel,
    dont_display_locked_user_id: settings.dontDisplayLockedUserId,
    remote_session: settings.remoteSession,
    domain_controller_reachable: bit(settings.domainControllerReachable),
    always_show_reset_link: bit(settings.alwaysShowResetLink),
    fullscreen: bit(settings.fullscreen),
    training_panel: bit(settings.trainingPanel),
    captcha: bit(settings.captcha),
    last_user_upn: settings.lastUserUpn,
  };
}
