import { dispatch } from '../../../electron/main/api/dispatch';
import type { CallErrorCode } from '../../../shared/errors';
import type { CallName, CallRequest } from '../../../shared/contract';
import type { Tenant, User } from '../../../electron/main/store';
import type { FlowHarness } from '../flows/support';

/** Demo users of resources/scenarios/contoso.json that the sign-in tests use (training passwords). */
export const users = {
  adele: { upn: 'adele.vance@contoso.com', password: 'Harbor-Lantern-47' },
  alex: { upn: 'alex.wilber@contoso.com', password: 'Granite-Willow-83' },
  megan: { upn: 'megan.bowen@contoso.com', password: 'Copper-Kettle-19' },
  lidia: { upn: 'lidia.holloway@contoso.com', password: 'Velvet-Orchid-52' },
  enrico: { upn: 'enrico.cattaneo@contoso.com', password: 'Misty-Bridge-65' },
  johanna: {
    upn: 'johanna.lorenz@contoso.com',
    password: 'Maple-Compass-22',
    phone: '+1 425 555 0110',
    email: 'johanna.lorenz@personal.example',
  },
  grady: { upn: 'grady.archie@contoso.com', password: 'Orange-Tundra-58' },
  miriam: { upn: 'miriam.graham@contoso.com', password: 'Crystal-Prairie-76', phone: '+1 425 555 0116' },
  joni: { upn: 'joni.sherman@contoso.com', password: 'Lantern-Ferry-90', previous: 'Lantern-Ferry-89' },
  lynne: { upn: 'lynne.robbins@contoso.com', password: 'Temp-Start-4821' },
  ben: { upn: 'ben.walters@fabrikam.onmicrosoft.com', password: 'Delta-Spruce-27' },
} as const;

/** The error code a call is refused with; fails the test when the call is answered. */
export async function refusal<N extends CallName>(
  h: FlowHarness,
  name: N,
  request: CallRequest<N>,
): Promise<{ code: CallErrorCode; message: string }> {
  const answer = await dispatch(h.t.engine.handlers, name, request, { shell: 'browser' }, h.t.log);
  if (answer.ok) throw new Error(`${name} was answered: ${JSON.stringify(answer.value)}`);
  return answer.error;
}

/** What the sign-in call takes: the UPN and the password, nothing else. */
export function credentials(user: { upn: string; password: string }): { upn: string; password: string } {
  return { upn: user.upn, password: user.password };
}

/** Signs in and expects it to work; returns the session's next step. */
export async function signedIn(h: FlowHarness, user: { upn: string; password: string }) {
  const result = await h.call('session.signIn', { upn: user.upn, password: user.password });
  if (result.outcome !== 'signedIn') throw new Error(`${user.upn} did not sign in: ${JSON.stringify(result)}`);
  return result.session;
}

/** A demo user and their tenant as the store holds them now. */
export function userAndTenant(h: FlowHarness, upn: string): { user: User; tenant: Tenant } {
  const user = h.store.users.byUpn(upn);
  const tenant = user ? h.store.tenants.get(user.tenantId) : null;
  if (!user || !tenant) throw new Error(`${upn} is not in the demo tenant`);
  return { user, tenant };
}
