// Pre-registration (spec §7): an administrator puts a phone or an e-mail address on a user, as the
// Graph API's phoneMethods / emailMethods calls do, so a new employee arrives with a method in place.
// Nothing is proven here: the admin vouches for it, and the audit trail names the admin.
import type { Clock } from '../clock';
import type { AuthMethod, NewAuthMethod, Store } from '../store';
import { auditSecurityInfo, notifySecurityInfoChanged } from './audit';
import { emailIssue, phoneNumberOf } from './contact';

export type PreRegistration =
  | { kind: 'email'; address: string }
  | { kind: 'mobilePhone'; phoneNumber: string }
  | { kind: 'officePhone'; phoneNumber: string; extension?: string | null };

export interface PreRegisterInput {
  /** Who does it, as the audit trail shows it: the administrator's UPN (or the local admin's name). */
  actor: string;
  userId: number;
  method: PreRegistration;
}

export type PreRegisterRefusal =
  'userNotFound' | 'invalidEmail' | 'emailIsUpn' | 'invalidPhone' | 'invalidExtension' | 'alreadyRegistered';

export type PreRegisterResult = { ok: true; method: AuthMethod } | { ok: false; refusal: PreRegisterRefusal };

/**
 * Registers the method on the user, validated as the user's own registration would be (a real
 * address, never the UPN; an international number; one of each kind, as Graph refuses a second
 * phone of a type), audited as `securityInfoPreRegistered` with the admin as actor, and the user
 * notified that their security info changed. A refusal changes nothing.
 */
export function preRegister(deps: { store: Store; clock: Clock }, input: PreRegisterInput): PreRegisterResult {
  const { store, clock } = deps;
  const actor = input.actor.trim();
  if (actor === '') throw new Error('A pre-registration needs the administrator who made it.');
  const user = store.users.get(input.userId);
  const tenant = user ? store.tenants.get(user.tenantId) : null;
  if (!user || !tenant) return { ok: false, refusal: 'userNotFound' };

  let method: NewAuthMethod;
  switch (input.method.kind) {
    case 'email': {
      const issue = emailIssue(input.method.address, user.upn);
      if (issue) return { ok: false, refusal: issue };
      method = { kind: 'email', address: input.method.address.trim() };
      break;
    }
    case 'mobilePhone':
    case 'officePhone': {
      const phoneNumber = phoneNumberOf(input.method.phoneNumber);
      if (phoneNumber === null) return { ok: false, refusal: 'invalidPhone' };
      if (input.method.kind === 'mobilePhone') {
        method = { kind: 'mobilePhone', phoneNumber };
        break;
      }
      const extension = input.method.extension?.trim() || null;
      if (extension !== null && !/^\d{1,10}$/u.test(extension)) return { ok: false, refusal: 'invalidExtension' };
      method = { kind: 'officePhone', phoneNumber, extension };
      break;
    }
  }

  const at = clock.now();
  return store.transaction((): PreRegisterResult => {
    const before = store.methods.listForUser(user.id);
    if (before.some((existing) => existing.kind === method.kind)) return { ok: false, refusal: 'alreadyRegistered' };
    const added = store.methods.add(user.id, method, at);
    const scope = { at, tenant, user, deviceId: null };
    auditSecurityInfo(
      store,
      { ...scope, actor },
      {
        activity: 'securityInfoPreRegistered',
        result: 'success',
        reason: null,
        method: added.kind,
        details: { methodId: added.id },
      },
    );
    notifySecurityInfoChanged(store, scope, added.kind, 'added', before);
    return { ok: true, method: added };
  });
}
