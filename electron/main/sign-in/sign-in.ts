import { randomBytes } from 'node:crypto';
import type { SignInResult, UserTile } from '../../../shared/contract';
import type { Hasher } from '../password/hasher';
import type { Store, User } from '../store';
import type { DeviceSession } from './device-session';
import { initialsOf } from './device-session';

export function tileOf(user: Pick<User, 'upn' | 'displayName'>): UserTile {
  return { upn: user.upn, displayName: user.displayName, initials: initialsOf(user.displayName) };
}

/**
 * Sign-in at the lock screen (§11) against the slow hash. An unknown or disabled account costs the
 * same hash as a wrong password and gets the same answer, so the screen reveals neither.
 */
export function createSignIn(deps: { store: Store; hasher: Hasher; session: DeviceSession }) {
  let decoy: Promise<string> | null = null;
  const decoyHash = () => (decoy ??= deps.hasher.hash(randomBytes(16).toString('hex')));

  return async function signIn(upn: string, password: string): Promise<SignInResult> {
    const user = deps.store.users.byUpn(upn);
    if (!user || !user.enabled) {
      await deps.hasher.verify(password, await decoyHash());
      return { outcome: 'wrongCredentials' };
    }
    const { ok, needsRehash } = await deps.hasher.verify(password, user.passwordHash);
    if (!ok) return { outcome: 'wrongCredentials' };
    // Parameters raised since this hash was made: store the same password at today's cost (§8).
    if (needsRehash) deps.store.users.rehashPassword(user.id, user.passwordHash, await deps.hasher.hash(password));
    deps.store.device.update({ lastUserUpn: user.upn });
    return { outcome: 'signedIn', session: deps.session.signIn(tileOf(user)) };
  };
}
