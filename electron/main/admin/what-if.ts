// "What would happen?" (issue 6): for a UPN, what the reset wizard on this device would do right
// now, with every rule of §3/§4 that decided it (reason code and section, from policy/), the gates
// and methods the user would face, whether the new password would be written back to on-premises
// and through which directory, and the §9 link on this device. The admin sees what the lock screen
// never says (whether the account exists), since the console is behind the local admin credential.
import type { WhatIf } from '../../../shared/admin';
import type { Clock } from '../clock';
import { connectorFor, type OnPremDirectory } from '../directory/types';
import { writeTargetOf } from './connectors';
import { evaluateEligibility } from '../policy/eligibility';
import { resetLinkOf } from '../sign-in/reset-link';
import type { Store } from '../store';
import { methodDisplay } from './user-directory';

export async function whatIf(
  deps: { store: Store; clock: Clock; directory: OnPremDirectory },
  upn: string,
): Promise<WhatIf> {
  const { store } = deps;
  const now = deps.clock.now();
  const device = store.device.get();
  const tenant = store.tenants.forUpn(upn);
  const found = store.users.byUpn(upn);
  const user = found && tenant && found.tenantId === tenant.id ? found : null;
  const userId = user?.id ?? -1;
  const methods = store.methods.listForUser(userId);
  const eligibility = evaluateEligibility({
    user,
    tenant,
    domains: tenant ? store.tenants.domains(tenant.id) : [],
    roles: store.users.roles(userId),
    groupMemberships: store.groups.ofUser(userId).map((group) => group.id),
    methods,
    now,
  });
  const resetLink = resetLinkOf(device);
  const account = user === null ? 'notFound' : user.enabled ? 'found' : 'disabled';
  const reasons = eligibility.reasons.map((reason) => ({ ...reason, params: { ...reason.params } }));
  const base = {
    upn: user?.upn ?? upn,
    account,
    tenantName: tenant?.name ?? null,
    reasons,
    captchaRequired: device.captcha,
    resetLink,
  } as const;

  if (!eligibility.eligible) {
    return {
      ...base,
      eligible: false,
      outcome: eligibility.outcome,
      until: eligibility.until?.toISOString() ?? null,
      admin: reasons.some((reason) => reason.rule === 'admin.role'),
      gatesRequired: 0,
      methods: [],
      canUnlock: false,
      steps: ['identify', 'stopped'],
      writeback: {
        applies: false,
        connector: null,
        directoryName: null,
        target: null,
        agent: null,
        writable: false,
        message: null,
      },
    };
  }

  const byId = new Map(methods.map((method) => [method.id, method]));
  const connector = eligibility.writeback && tenant ? connectorFor(deps.directory, tenant.id) : null;
  const health = connector && tenant ? await connector.health(tenant.id) : null;
  const settings = tenant ? store.directoryConnectors.get(tenant.id) : null;
  return {
    ...base,
    eligible: true,
    outcome: null,
    until: null,
    admin: eligibility.admin,
    gatesRequired: eligibility.gatesRequired,
    methods: eligibility.usableMethods.map((usable) => {
      const method = byId.get(usable.methodId);
      return { ...usable, display: method ? methodDisplay(method) : '' };
    }),
    canUnlock: eligibility.canUnlock,
    steps: [
      'identify',
      ...(eligibility.canUnlock ? (['chooseAction'] as const) : []),
      'verify1',
      ...(eligibility.gatesRequired === 2 ? (['verify2'] as const) : []),
      'newPassword',
    ],
    writeback: {
      applies: eligibility.writeback,
      connector: connector && settings ? settings.connector : null,
      directoryName: health?.directoryName ?? null,
      target: health && settings ? writeTargetOf(settings, health.directoryName) : null,
      agent: health?.agent ?? null,
      writable: health?.writable ?? false,
      message: health?.message ?? null,
    },
  };
}
