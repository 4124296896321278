import { openDemoDb } from './demo-db';
import type { RunningShell } from './shell';

/**
 * The §9 device settings of the test's own copy of the demo database, as an administrator would set
 * them (the settings pane comes with a later issue). The engine reads them on every call, so a page
 * reload shows the lock screen they make.
 */
export interface DeviceSettingsPatch {
  allow_password_reset?: 0 | 1;
  join_type?: 'entra-joined' | 'hybrid-joined' | 'workgroup';
  os_version?: string;
  disable_lock_screen_app_notifications?: 0 | 1;
  hide_fast_user_switching?: 0 | 1;
  dont_display_last_user_name?: 0 | 1;
  no_lock_screen?: 0 | 1;
  block_non_admin_user_install?: 0 | 1;
  lost_mode?: 0 | 1;
  custom_shell?: 0 | 1;
  require_smart_card?: 0 | 1;
  do_not_require_ctrl_alt_del?: 'notConfigured' | 'enabled' | 'disabled';
  dont_display_locked_user_id?: 1 | 2 | 3 | null;
  remote_session?: 'none' | 'remoteDesktop' | 'enhancedSession';
  domain_controller_reachable?: 0 | 1;
  always_show_reset_link?: 0 | 1;
}

/** The demo device as contoso.json loads it: every §9 condition holds. */
export const demoDevice: Required<DeviceSettingsPatch> = {
  allow_password_reset: 1,
  join_type: 'entra-joined',
  os_version: '10.0.26100',
  disable_lock_screen_app_notifications: 0,
  hide_fast_user_switching: 0,
  dont_display_last_user_name: 0,
  no_lock_screen: 0,
  block_non_admin_user_install: 0,
  lost_mode: 0,
  custom_shell: 0,
  require_smart_card: 0,
  do_not_require_ctrl_alt_del: 'notConfigured',
  dont_display_locked_user_id: null,
  remote_session: 'none',
  domain_controller_reachable: 1,
  always_show_reset_link: 0,
};

export function setDevice(shell: RunningShell, patch: DeviceSettingsPatch): void {
  const entries = Object.entries(patch);
  if (entries.length === 0) return;
  const db = openDemoDb(shell);
  try {
    // Column names come from the typed patch above, never from outside the test.
    db.prepare(`UPDATE device SET ${entries.map(([column]) => `${column} = @${column}`).join(', ')} WHERE id = 1`).run(
      patch,
    );
  } finally {
    db.close();
  }
}
