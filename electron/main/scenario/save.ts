// Issue 8: the whole lab on this device as a scenario file that loads back into the same lab
// (`sspr scenario save`). Passwords and security answers go out as their stored hashes, so nobody's
// plaintext is in the file; TOTP secrets are opened with the vault's data key, because a lab loaded
// elsewhere seals them with another key (the command line warns that the file holds them). Every time
// is absolute, so the lab reloads as it was saved, not relative to the moment it is loaded.
import type { Clock } from '../clock';
import type { AuthMethod, Store, Tenant, User } from '../store';
import type { SecretBox } from '../vault/types';
import type { DirectoryRole } from '../../../shared/policy';
import type { TrainerNote } from '../../../shared/scenarios';
import type { ScenarioInput } from './schema';

type ScenarioTenantInput = ScenarioInput['tenants'][number];
type ScenarioUserInput = NonNullable<ScenarioTenantInput['users']>[number];
type ScenarioMethodInput = NonNullable<ScenarioUserInput['methods']>[number];

export interface SaveDeps {
  secretBox: SecretBox;
  /** Not read for the file's content (every time in it is absolute); kept for the caller's audit event. */
  clock: Clock;
}

export interface SaveMeta {
  name: string;
  description?: string;
  trainerNote?: TrainerNote;
}

/** Earlier passwords a scenario may carry (spec §8's largest history). */
const previousPasswordsKept = 24;

/** The database as a scenario: tenants in the lock screen's order (the first is the default), then the device. */
export function saveScenario(store: Store, deps: SaveDeps, meta: SaveMeta): ScenarioInput {
  const { deviceId: _deviceId, ...device } = store.device.get();
  return {
    format: 1,
    name: meta.name,
    description: meta.description ?? '',
    ...(meta.trainerNote ? { trainerNote: meta.trainerNote } : {}),
    tenants: store.tenants.list().map((tenant) => tenantOf(store, tenant, deps.secretBox)),
    device,
  };
}

function tenantOf(store: Store, tenant: Tenant, secretBox: SecretBox): ScenarioTenantInput {
  const groups = store.groups.listByTenant(tenant.id);
  const { selectedGroupId, ...ssprPolicy } = tenant.ssprPolicy;
  const selectedGroup = groups.find((group) => group.id === selectedGroupId)?.name ?? null;
  return {
    name: tenant.name,
    domains: store.tenants.domains(tenant.id).map((domain) => ({ name: domain.name, verified: domain.verified })),
    plan: tenant.plan,
    trialStart: iso(tenant.trialStart),
    directorySync: tenant.directorySync,
    allowedToUseSspr: tenant.allowedToUseSspr,
    customization: tenant.customization,
    ssprPolicy: { ...ssprPolicy, selectedGroup },
    passwordPolicy: tenant.passwordPolicy,
    groups: groups.map((group) => ({
      name: group.name,
      ...(group.description === null ? {} : { description: group.description }),
    })),
    users: store.users.listByTenant(tenant.id).map((user) => userOf(store, user, secretBox)),
  };
}

function userOf(store: Store, user: User, secretBox: SecretBox): ScenarioUserInput {
  // The history holds the current password too (newest first): the earlier ones follow it.
  const history = store.users.passwordHistory(user.id, previousPasswordsKept + 1);
  const current = history.indexOf(user.passwordHash);
  const previous = history.filter((_, index) => index !== current).slice(0, previousPasswordsKept);
  return {
    upn: user.upn,
    displayName: user.displayName,
    givenName: user.givenName,
    surname: user.surname,
    enabled: user.enabled,
    source: user.source,
    guest: user.guest,
    license: user.license,
    // The store keeps roles as text; the console only ever sets the directory's roles.
    roles: store.users.roles(user.id) as DirectoryRole[],
    groups: store.groups.ofUser(user.id).map((group) => group.name),
    passwordHash: user.passwordHash,
    previousPasswordHashes: previous,
    passwordLastSet: user.passwordLastSet.toISOString(),
    mustChange: user.mustChange,
    risk: user.risk,
    cloudLockout: { ...user.cloudLockout, lockedUntil: iso(user.cloudLockout.lockedUntil) },
    onPremLockout: { ...user.onPremLockout, lockedUntil: iso(user.onPremLockout.lockedUntil) },
    ssprBlockedUntil: iso(user.ssprBlockedUntil),
    registrationConfirmed: iso(user.registrationConfirmedAt),
    registrationFirstPrompted: iso(user.registrationFirstPromptedAt),
    methods: store.methods.listForUser(user.id).map((method) => methodOf(method, secretBox)),
    ...(user.note === null ? {} : { note: user.note }),
  };
}

function methodOf(method: AuthMethod, secretBox: SecretBox): ScenarioMethodInput {
  const registeredAt = method.registeredAt.toISOString();
  switch (method.kind) {
    case 'email':
      return { kind: 'email', address: method.address, registeredAt };
    case 'mobilePhone':
      return { kind: 'mobilePhone', phoneNumber: method.phoneNumber, registeredAt };
    case 'officePhone':
      return {
        kind: 'officePhone',
        phoneNumber: method.phoneNumber,
        ...(method.extension === null ? {} : { extension: method.extension }),
        registeredAt,
      };
    case 'authenticatorApp':
      return {
        kind: 'authenticatorApp',
        secret: secretBox.open(method.sealedSecret),
        ...(method.deviceName === null ? {} : { deviceName: method.deviceName }),
        registeredAt,
      };
    case 'securityQuestions':
      return {
        kind: 'securityQuestions',
        answers: method.answers.map((answer) => ({ question: answer.question, answerHash: answer.answerHash })),
        registeredAt,
      };
  }
}

function iso(date: Date | null): string | null {
  return date === null ? null : date.toISOString();
}
