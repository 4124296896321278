// Issue 7, crashes: what the crash harness (crash-harness.ts) and its child process (crash-driver.ts)
// agree on: the child's configuration, the users it works on, the new passwords, the clock's step.
// Kept apart so the child's bundle holds none of the harness (esbuild, the checks).
import { createHash } from 'node:crypto';

export interface DeadFlow {
  attempt: number;
  flowId: string;
  upn: string;
}

export interface DeadRegistration {
  registration: number;
  upn: string;
  pendingId: string;
  address: string;
}

export interface SelfKill {
  /** Die at this write (1 = the first) counted in `scope`. */
  atWrite: number;
  when: 'beforeWrite' | 'afterWrite';
  /** `anywhere`: every write once the engine is up; `commit`: only writes inside reset.setPassword and securityInfo.prove. */
  scope: 'anywhere' | 'commit';
}

export interface DriverConfig {
  dbPath: string;
  vaultDir: string;
  resourcesDir: string;
  /** The manual clock's time at this life's start. */
  startAt: string;
  /** New passwords derive from it (see `attemptPassword`). */
  seed: string;
  /** Numbering of this life's reset attempts and registrations. */
  firstAttempt: number;
  firstRegistration: number;
  selfKill: SelfKill | null;
  dead: { flows: DeadFlow[]; registrations: DeadRegistration[] };
  /** The last restart: try the dead, report, close the engine and exit. */
  stopAfterReady: boolean;
}

/** The users the driver resets: a cloud user, a synced one (writeback), an admin (two gates), an app user, another tenant. */
export const resetUsers = [
  'adele.vance@contoso.com',
  'johanna.lorenz@contoso.com',
  'patti.fernandez@contoso.com',
  'christie.cline@contoso.com',
  'ben.walters@fabrikam.onmicrosoft.com',
] as const;

/** Users who register an e-mail address and remove it again; their passwords are never reset. */
export const registrationUsers = [
  { upn: 'megan.bowen@contoso.com', password: 'Copper-Kettle-19' },
  { upn: 'kim.akers@fabrikam.onmicrosoft.com', password: 'Copper-Meadow-58' },
] as const;

/** The new password of reset attempt `attempt`: fresh each time, so never in a user's history. */
export function attemptPassword(seed: string, attempt: number): string {
  const hex = createHash('sha256').update(`${seed}:${attempt}`).digest('hex');
  return `Kq${hex.slice(0, 10)}#Vz${attempt}`;
}

/** How far the child's manual clock moves before each operation (within the 5-sends-an-hour throttle). */
export const stepMs = 5 * 60_000;
/** The test cost of scrypt, for the child's engine and the harness's checks: this is about crashes, not slow hashes. */
export const hashCost = { N: 1024, r: 8, p: 1 };

/** Choices reproducible from a seed: the harness's kill plans, the child's users and operations. */
export function seededRandom(seed: string): () => number {
  let state = createHash('sha256').update(seed).digest().readUInt32LE(0) || 1;
  return () => {
    // xorshift32
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
}
