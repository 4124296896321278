// The admin console's tests drive the real engine through the contract and its dispatcher, on the
// demo tenant, with a manual clock: the console opened with the local admin credential, as the
// settings pane opens it.
import { expect } from 'vitest';
import { dispatch } from '../../../electron/main/api/dispatch';
import type { Store } from '../../../electron/main/store';
import type { CallName, CallRequest, CallResponse } from '../../../shared/contract';
import type { CallError } from '../../../shared/errors';
import { openFlowHarness, type FlowHarness } from '../flows/support';

/** A local admin credential that passes the rules: 12+ characters, 3 of 4 classes, not banned. */
export const adminCredential = 'Quiet-Harbor-Lantern-58';

export interface AdminHarness extends FlowHarness {
  /** The call's error; fails the test when the call is answered. */
  refused<N extends CallName>(name: N, request: CallRequest<N>): Promise<CallError>;
  tenantId(name: string): number;
  userId(upn: string): number;
}

/** A real engine on a manual clock; the console set up and open unless `open: false`. */
export async function openAdminHarness(options: { open?: boolean } = {}): Promise<AdminHarness> {
  const h = await openFlowHarness();
  const refused = async <N extends CallName>(name: N, request: CallRequest<N>): Promise<CallError> => {
    const answer = await dispatch(h.t.engine.handlers, name, request, { shell: 'browser' }, h.t.log);
    if (answer.ok) throw new Error(`${name} was answered: ${JSON.stringify(answer.value).slice(0, 300)}`);
    return answer.error;
  };
  const harness: AdminHarness = {
    ...h,
    refused,
    tenantId(name) {
      const tenant = h.store.tenants.list().find((candidate) => candidate.name === name);
      if (!tenant) throw new Error(`no tenant ${name}`);
      return tenant.id;
    },
    userId(upn) {
      const user = h.store.users.byUpn(upn);
      if (!user) throw new Error(`no user ${upn}`);
      return user.id;
    },
  };
  if (options.open ?? true) {
    const setup = await h.call('admin.setup', { credential: adminCredential });
    expect(setup).toMatchObject({ ok: true, status: { open: true } });
  }
  return harness;
}

/** Everything the console could change, table by table, except the audit trail and the outbox. */
export function snapshot(store: Store): string {
  const tables = [
    'tenants',
    'domains',
    'users',
    'directory_groups',
    'group_members',
    'user_roles',
    'auth_methods',
    'security_answers',
    'password_history',
    'device',
    'admin_console',
    'onprem_accounts',
  ];
  return JSON.stringify(
    tables.map((table) =>
      store.db
        .prepare(`SELECT * FROM ${table}`)
        .all()
        .map((row) => JSON.stringify(row))
        .sort(),
    ),
  );
}

/** Every audit row as text, to search for a secret. */
export function auditText(store: Store): string {
  return JSON.stringify(store.db.prepare('SELECT * FROM audit_events').all());
}

export type Answer<N extends CallName> = CallResponse<N>;
