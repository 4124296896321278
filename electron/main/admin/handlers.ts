// The admin console's contract rows (issue 6). `admin.status`, `admin.setup`, `admin.open` and
// `admin.close` are the entry guard; every other row passes `requireOpen` first, so it is refused
// as `unauthorized` (in plain words) unless the console is open in the main process. The same holds
// in kiosk mode: the renderer hides the rest of the app there, and the console is the one way off
// the lock screen.
import type { Handlers } from '../api/dispatch';
import type { Clock } from '../clock';
import type { OnPremDirectory } from '../directory/types';
import type { Hasher } from '../password/hasher';
import type { PasswordPolicyService } from '../password/policy';
import type { Store } from '../store';
import type { Vault } from '../vault/types';
import { createAuditLog } from './audit-log';
import { createConnectorConsole } from './connectors';
import { consoleLogger, type Logger } from '../log';
import { verifyAuditLog } from './audit-verify';
import { deviceView, setDevice } from './device-tab';
import { createEntryGuard, type AdminActor, type EntryGuard } from './entry-guard';
import { createGroupAdmin } from './groups';
import { createHelpdesk } from './helpdesk';
import { createReports } from './reports';
import type { ScenarioConsole } from './scenarios';
import { createTenantTabs } from './tenant-tabs';
import { createUserDirectory, withDirectoryLockout } from './user-directory';
import { whatIf } from './what-if';
import { CallFailure } from '../../../shared/errors';

export type AdminCalls = Pick<Handlers, Extract<keyof Handlers, `admin.${string}`>>;

export interface AdminHandlerDeps {
  store: Store;
  vault: Vault;
  hasher: Hasher;
  clock: Clock;
  directory: OnPremDirectory;
  passwords: PasswordPolicyService;
  kiosk: boolean;
  /** Where the connectors' console notes a failed test send; the engine's own logger in the app. */
  log?: Logger;
  /** Issue 8: the training scenario packs; the app's engine gives it, since a load renews the engine's lab. */
  scenarios?: ScenarioConsole;
  /**
   * Who may use the rows: the console's entry guard (the local admin credential) unless given. The
   * admin command line passes its own, which lets the OS account that opened the vault act.
   */
  guard?: AdminGuard;
}

/** The part of the entry guard the rows use. */
export type AdminGuard = Pick<EntryGuard, 'status' | 'setup' | 'open' | 'close' | 'requireOpen'>;

export function adminHandlers(deps: AdminHandlerDeps): AdminCalls {
  const { store, clock } = deps;
  const guard = deps.guard ?? createEntryGuard(deps);
  const users = createUserDirectory({ store, clock });
  const tenants = createTenantTabs({ store, clock, directory: deps.directory });
  const helpdesk = createHelpdesk({ ...deps, users });
  const groups = createGroupAdmin({ store, clock });
  const audit = createAuditLog({ store, clock });
  const reports = createReports({ store, users });
  const connectors = createConnectorConsole({ ...deps, log: deps.log ?? consoleLogger('admin') });

  /** The row's work, only with the console open; it gets who acts for the audit trail. */
  const open =
    <Request, Response>(work: (request: Request, admin: AdminActor) => Response) =>
    (request: Request): Response =>
      work(request, guard.requireOpen());

  const userOf = (userId: number) => {
    const user = store.users.get(userId);
    const tenant = user ? store.tenants.get(user.tenantId) : null;
    if (!user || !tenant) throw new CallFailure('not_found', 'There is no such user.');
    return { user, tenant };
  };

  return {
    'admin.status': () => guard.status(),
    'admin.setup': ({ credential }) => guard.setup(credential),
    'admin.open': ({ credential }) => guard.open(credential),
    'admin.close': () => guard.close(),

    'admin.device.get': open(() => deviceView(deps)),
    'admin.device.set': open(({ patch }, admin) => {
      setDevice(deps, admin, patch);
      return deviceView(deps);
    }),

    'admin.tenants.list': open(() => tenants.list()),
    'admin.tenant.get': open(({ tenantId }) => tenants.view(tenantId)),
    'admin.tenant.set': open(({ tenantId, change }, admin) => tenants.change(tenantId, admin, change)),
    'admin.tenant.addDomain': open(({ tenantId, name }, admin) => tenants.addDomain(tenantId, admin, name)),
    'admin.tenant.removeDomain': open(({ tenantId, name }, admin) => tenants.removeDomain(tenantId, admin, name)),

    'admin.users.search': open(({ offset, limit, ...filters }) => users.search(filters, { offset, limit })),
    'admin.user.get': open(({ userId }) => {
      const { user, tenant } = userOf(userId);
      return withDirectoryLockout(users.details(user, tenant), user, deps.directory);
    }),
    'admin.user.resetPassword': open(({ userId, temporaryPassword }, admin) =>
      helpdesk.resetPassword(admin, userId, temporaryPassword),
    ),
    'admin.user.act': open(({ userId, change }, admin) => helpdesk.act(admin, userId, change)),

    'admin.groups.list': open(({ tenantId }) => groups.list(tenantId)),
    'admin.group.create': open(({ tenantId, name, description }, admin) =>
      groups.create(admin, tenantId, name, description || null),
    ),
    'admin.group.update': open(({ groupId, name, description }, admin) =>
      groups.update(admin, groupId, {
        ...(name === undefined ? {} : { name }),
        ...(description === undefined ? {} : { description }),
      }),
    ),
    'admin.group.delete': open(({ groupId }, admin) => groups.remove(admin, groupId)),
    'admin.group.members': open(({ groupId, offset, limit }) => groups.members(groupId, offset, limit)),
    'admin.group.addMember': open(({ groupId, userId }, admin) => groups.addMember(admin, groupId, userId)),
    'admin.group.removeMember': open(({ groupId, userId }, admin) => groups.removeMember(admin, groupId, userId)),

    'admin.audit.query': open(({ filters, offset, limit }) => audit.query(filters, offset, limit)),
    'admin.audit.export': open(({ format, filters }, admin) => audit.export(admin, format, filters)),
    'admin.audit.retention': open(() => audit.retention()),
    'admin.audit.setRetention': open(({ days }, admin) => audit.setRetention(admin, days)),
    'admin.audit.verify': open(() => verifyAuditLog(store.db, deps.vault)),

    'admin.reports.registration': open(({ tenantId, capable, registered, offset, limit }) =>
      reports.registration(tenantId, { capable, registered }, { offset, limit }),
    ),
    'admin.reports.usage': open(({ tenantId, since, until }) => reports.usage(tenantId, since, until)),

    'admin.scenarios.list': open(() => scenariosOf(deps).list()),
    'admin.scenarios.load': open(({ packId }, admin) => scenariosOf(deps).load(packId, admin)),

    'admin.mail.get': open(() => connectors.mailView()),
    'admin.mail.set': open(({ patch, password }, admin) => connectors.setMail(admin, { patch, password })),
    'admin.mail.test': open(({ to }, admin) => connectors.sendTestMessage(admin, to)),
    'admin.directory.get': open(({ tenantId }) => connectors.directoryView(tenantId)),
    'admin.directory.set': open(({ tenantId, patch, bindPassword }, admin) =>
      connectors.setDirectory(admin, { tenantId, patch, bindPassword }),
    ),
    'admin.directory.test': open(({ tenantId }, admin) => connectors.testDirectory(admin, tenantId)),

    'admin.whatIf': open(({ upn }) => whatIf({ store, clock, directory: deps.directory }, upn)),
  };
}

function scenariosOf(deps: AdminHandlerDeps): ScenarioConsole {
  if (!deps.scenarios) throw new CallFailure('unavailable', 'Scenario packs are loaded from the app, not here.');
  return deps.scenarios;
}
