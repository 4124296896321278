import type { adminCredentialMinLength as CredentialMinLength } from '../../../shared/admin';
import type { GateMethod, Plan } from '../../../shared/policy';

// The console's lists of the spec's names. shared/ holds them next to zod schemas, and importing a
// value from there would bring zod into the console's chunks, so they are listed here: each Record
// names every member of the shared type, so the compiler refuses a list that misses one.

/** Gate methods in the order of Entra's Authentication methods blade. */
const gateMethodOrder: Record<GateMethod, true> = {
  appNotification: true,
  appCode: true,
  email: true,
  mobileSms: true,
  mobileCall: true,
  officeCall: true,
  securityQuestions: true,
};
export const gateMethodList = Object.keys(gateMethodOrder) as GateMethod[];

export function isGateMethod(name: string): name is GateMethod {
  return Object.hasOwn(gateMethodOrder, name);
}

const planOrder: Record<Plan, true> = {
  free: true,
  'm365-business-standard': true,
  'm365-business-premium': true,
  p1: true,
  p2: true,
};
export const planList = Object.keys(planOrder) as Plan[];

/** The credential's minimum length; the type is the shared constant's, so a change there must be made here too. */
export const credentialMinLength: typeof CredentialMinLength = 12;
