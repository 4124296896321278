import type { Session, UserTile } from '../../../shared/contract';

/**
 * Who is signed in on this device. There is one device per engine, as there is one Windows per
 * machine: both shells talk to the same session.
 */
export class DeviceSession {
  private user: UserTile | null = null;
  private locked = false;

  get(): Session {
    return { user: this.user, locked: this.locked };
  }

  signIn(user: UserTile): Session {
    this.user = user;
    this.locked = false;
    return this.get();
  }

  lock(): Session {
    if (this.user) this.locked = true;
    return this.get();
  }

  signOut(): Session {
    this.user = null;
    this.locked = false;
    return this.get();
  }
}

export function initialsOf(displayName: string): string {
  const words = displayName.trim().split(/\s+/).filter(Boolean);
  const first = words[0]?.[0] ?? '?';
  const last = words.length > 1 ? (words[words.length - 1]?.[0] ?? '') : '';
  return (first + last).toUpperCase();
}
