import type { Session, SessionStep, UserTile } from '../../../shared/session';

/** The signed-in user and what this session has already settled (§7 "not now", the reconfirmation). */
export interface SignedIn {
  userId: number;
  tile: UserTile;
  /** §7: "Not now" was chosen in this session; asked again at the next sign-in. */
  postponedRegistration: boolean;
  /** §7: the methods were reviewed and confirmed in this session. */
  confirmedSecurityInfo: boolean;
  /** §7 with P2: the remediation flow started for this session, while it is not done. */
  riskFlowId: string | null;
}

/**
 * Works out the signed-in user's next step from the store (§11, §7). It may start what the step
 * needs (the remediation flow) and record it on `signedIn`. Null: the account is gone or
 * disabled, and the session ends.
 */
export type StepPlanner = (signedIn: SignedIn) => SessionStep | null;

/** What other parts of the engine may know about the session: who, and the step they are at. */
export interface CurrentSession {
  userId: number;
  upn: string;
  step: SessionStep['step'];
}

/**
 * Who is signed in on this device. There is one device per engine, as there is one Windows per
 * machine: both shells talk to the same session. The next step is worked out afresh on every
 * read, so nothing the renderer does can skip one.
 */
export class DeviceSession {
  private signedIn: SignedIn | null = null;
  private locked = false;

  constructor(private readonly planNext: StepPlanner) {}

  get(): Session {
    const signedIn = this.signedIn;
    if (!signedIn) return { user: null, locked: false, next: null };
    if (this.locked) return { user: signedIn.tile, locked: true, next: null };
    const next = this.planNext(signedIn);
    if (!next) return this.signOut();
    return { user: signedIn.tile, locked: false, next };
  }

  /** The signed-in user and the step they are at; null when nobody is signed in or the session is locked. */
  current(): CurrentSession | null {
    const signedIn = this.signedIn;
    if (!signedIn || this.locked) return null;
    const next = this.planNext(signedIn);
    if (!next) {
      this.signOut();
      return null;
    }
    return { userId: signedIn.userId, upn: signedIn.tile.upn, step: next.step };
  }

  /** The signed-in user's state, also while locked (the lock belongs to them); null when nobody is. */
  state(): Readonly<SignedIn> | null {
    return this.signedIn;
  }

  /** Who the session belongs to while it is locked (only they may unlock it). */
  lockedBy(): UserTile | null {
    return this.locked && this.signedIn ? this.signedIn.tile : null;
  }

  /** A new session, or the same user unlocking their own: what the session settled is kept then. */
  signIn(userId: number, tile: UserTile): Session {
    if (this.signedIn?.userId !== userId) {
      this.signedIn = {
        userId,
        tile,
        postponedRegistration: false,
        confirmedSecurityInfo: false,
        riskFlowId: null,
      };
    } else {
      this.signedIn.tile = tile;
    }
    this.locked = false;
    return this.get();
  }

  /** Records what this session settled (postponed, confirmed, the remediation flow). */
  update(patch: Partial<Pick<SignedIn, 'postponedRegistration' | 'confirmedSecurityInfo' | 'riskFlowId'>>): void {
    if (this.signedIn) Object.assign(this.signedIn, patch);
  }

  lock(): Session {
    if (this.signedIn) this.locked = true;
    return this.get();
  }

  signOut(): Session {
    this.signedIn = null;
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
