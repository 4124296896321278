// The admin console's entry guard (issue 6 "Entry", spec §9 "changing a device setting needs the
// local admin credential"). The credential's slow hash lives in the vault, never in the database;
// the console is open or closed here, in the main process, for this device, and the renderer holds
// no token. Wrong attempts are throttled with a delay that grows, kept in the store so a restart
// does not reset it. Kiosk mode has the same guard: the console is the one way off the lock screen.
import {
  adminCredentialMinLength,
  adminIdleMinutes,
  type AdminOpenResult,
  type AdminSetupResult,
  type AdminStatus,
} from '../../../shared/admin';
import { CallFailure } from '../../../shared/errors';
import type { Clock } from '../clock';
import type { Hasher } from '../password/hasher';
import type { PasswordPolicyService } from '../password/policy';
import type { Store } from '../store';
import type { Vault } from '../vault/types';
import { consoleSettings, type CredentialThrottle } from './console-settings';
import { ruleFailures } from './rule-failures';

/** Wrong attempts allowed before the delay starts. */
export const freeAttempts = 3;
/** The delay after the third wrong attempt; it doubles with each further one, up to `maxDelayMs`. */
export const firstDelayMs = 30_000;
export const maxDelayMs = 15 * 60_000;
const idleMs = adminIdleMinutes * 60_000;

/** Who the audit trail names for what the console does: the device's local administrator. */
export interface AdminActor {
  actor: string;
  deviceId: string;
}

export interface EntryGuardDeps {
  store: Store;
  vault: Vault;
  hasher: Hasher;
  clock: Clock;
  passwords: PasswordPolicyService;
  kiosk: boolean;
}

/** The delay before the next attempt after `failedAttempts` wrong ones in a row; 0 while still free. */
export function throttleDelayMs(failedAttempts: number): number {
  if (failedAttempts < freeAttempts) return 0;
  return Math.min(maxDelayMs, firstDelayMs * 2 ** Math.min(failedAttempts - freeAttempts, 20));
}

export function createEntryGuard(deps: EntryGuardDeps) {
  const { store, vault, hasher, clock } = deps;
  const settings = consoleSettings(store);
  /** The time of the console's last call while open; null when closed. */
  let lastActivity: number | null = null;
  // Setup and open attempts run one at a time, so parallel guesses cannot all slip in before the first is counted.
  let queue: Promise<unknown> = Promise.resolve();
  const oneAtATime = <T>(task: () => Promise<T>): Promise<T> => {
    const run = queue.then(task);
    queue = run.catch(() => undefined);
    return run;
  };

  const device = () => store.device.get();
  const actorOf = (): AdminActor => {
    const { name, deviceId } = device();
    return { actor: `Local administrator (${name})`, deviceId };
  };

  const audit = (
    activity: 'adminCredentialSet' | 'adminConsoleOpened' | 'adminConsoleClosed',
    result: 'success' | 'failure',
    reason: string | null,
    details: Record<string, number | string | boolean | null> = {},
  ): void => {
    const { actor, deviceId } = actorOf();
    store.audit.append({ at: clock.now(), actor, activity, result, reason, deviceId, details });
  };

  /** Closes an open console that has been idle too long; true while it stays open. */
  const stillOpen = (now: Date): boolean => {
    if (lastActivity === null) return false;
    if (now.getTime() - lastActivity < idleMs) return true;
    lastActivity = null;
    audit('adminConsoleClosed', 'success', 'idle', { idleMinutes: adminIdleMinutes });
    return false;
  };

  const retryAfterSeconds = (throttle: CredentialThrottle, now: Date): number =>
    throttle.nextAttemptAt === null
      ? 0
      : Math.max(0, Math.ceil((throttle.nextAttemptAt.getTime() - now.getTime()) / 1000));

  /** The credential's rules: at least 12 characters, §8 complexity, not a banned password. */
  const evaluateCredential = (credential: string) => {
    const { name } = device();
    return deps.passwords.evaluateRules({
      password: credential,
      user: { upn: `administrator@${name.toLowerCase()}.local`, displayName: 'Administrator' },
      tenant: { name },
      policy: { minLength: adminCredentialMinLength, historyCount: 0 },
    });
  };

  const credentialSet = async (): Promise<boolean> => (await vault.get('admin-credential')) !== null;

  const status = async (): Promise<AdminStatus> => {
    const set = await credentialSet();
    const now = clock.now();
    const open = stillOpen(now);
    return {
      credentialSet: set,
      open,
      closesAt: open && lastActivity !== null ? new Date(lastActivity + idleMs).toISOString() : null,
      idleMinutes: adminIdleMinutes,
      retryAfterSeconds: retryAfterSeconds(settings.throttle(), now),
      kiosk: deps.kiosk,
    };
  };

  return {
    status,

    /** First run: sets the credential (≥ 12 characters, §8 complexity, not a banned password) and opens the console. */
    setup: (credential: string): Promise<AdminSetupResult> =>
      oneAtATime(async () => {
        if (await credentialSet()) {
          throw new CallFailure('conflict', 'A local admin credential is already set on this device.');
        }
        const evaluation = evaluateCredential(credential);
        if (!evaluation.ok) {
          return { ok: false, failures: ruleFailures(evaluation.failures), minLength: adminCredentialMinLength };
        }
        await vault.set('admin-credential', Buffer.from(await hasher.hash(credential), 'utf8'));
        settings.setThrottle({ failedAttempts: 0, nextAttemptAt: null });
        audit('adminCredentialSet', 'success', 'firstRun');
        lastActivity = clock.now().getTime();
        audit('adminConsoleOpened', 'success', null);
        return { ok: true, status: await status() };
      }),

    /**
     * The admin command line's credential reset (issue 8): whoever can open this device's vault (the OS
     * account that holds its keychain entry, or its key file) sets a new credential, under the same
     * rules as the first run; the throttle starts again and an open console is closed.
     */
    reset: (credential: string, by: string): Promise<AdminSetupResult> =>
      oneAtATime(async () => {
        const evaluation = evaluateCredential(credential);
        if (!evaluation.ok) {
          return { ok: false, failures: ruleFailures(evaluation.failures), minLength: adminCredentialMinLength };
        }
        await vault.set('admin-credential', Buffer.from(await hasher.hash(credential), 'utf8'));
        settings.setThrottle({ failedAttempts: 0, nextAttemptAt: null });
        lastActivity = null;
        const { deviceId } = actorOf();
        store.audit.append({
          at: clock.now(),
          actor: by,
          activity: 'adminCredentialSet',
          result: 'success',
          reason: 'commandLineReset',
          deviceId,
          details: {},
        });
        return { ok: true, status: await status() };
      }),

    /** The credential → the console is open for this device until it has been idle for 10 minutes. */
    open: (credential: string): Promise<AdminOpenResult> =>
      oneAtATime(async () => {
        const stored = await vault.get('admin-credential');
        if (stored === null) return { ok: false, code: 'notSetUp', retryAfterSeconds: 0 };
        const throttle = settings.throttle();
        const wait = retryAfterSeconds(throttle, clock.now());
        if (wait > 0) {
          // Not checked at all, so a throttled guess costs the guesser time and learns nothing.
          audit('adminConsoleOpened', 'failure', 'throttled', { retryAfterSeconds: wait });
          return { ok: false, code: 'throttled', retryAfterSeconds: wait };
        }
        const storedHash = stored.toString('utf8');
        const { ok, needsRehash } = await hasher.verify(credential, storedHash);
        const now = clock.now();
        if (!ok) {
          // Counted from the throttle as it is now, in one IMMEDIATE transaction: another shell on the
          // same database may have counted a wrong attempt while this one was being hashed.
          const next = store.transaction(() => {
            const failedAttempts = settings.throttle().failedAttempts + 1;
            const delay = throttleDelayMs(failedAttempts);
            const counted = { failedAttempts, nextAttemptAt: delay > 0 ? new Date(now.getTime() + delay) : null };
            settings.setThrottle(counted);
            audit('adminConsoleOpened', 'failure', 'wrongCredential', {
              failedAttempts,
              delaySeconds: Math.round(delay / 1000),
            });
            return counted;
          });
          return { ok: false, code: 'wrongCredential', retryAfterSeconds: retryAfterSeconds(next, now) };
        }
        if (needsRehash) await vault.set('admin-credential', Buffer.from(await hasher.hash(credential), 'utf8'));
        settings.setThrottle({ failedAttempts: 0, nextAttemptAt: null });
        lastActivity = now.getTime();
        audit('adminConsoleOpened', 'success', null, { failedAttemptsBefore: throttle.failedAttempts });
        return { ok: true, status: await status() };
      }),

    close: async (): Promise<AdminStatus> => {
      if (stillOpen(clock.now())) {
        lastActivity = null;
        audit('adminConsoleClosed', 'success', 'closed');
      }
      return status();
    },

    /**
     * Every other `admin.*` call passes here first: refused unless the console is open, and each
     * call keeps it open for another 10 minutes. Returns who acts, for the audit trail.
     */
    requireOpen: (): AdminActor => {
      const now = clock.now();
      if (!stillOpen(now)) {
        throw new CallFailure('unauthorized', 'The admin console is closed. Open it with the local admin credential.');
      }
      lastActivity = now.getTime();
      return actorOf();
    },
  };
}

export type EntryGuard = ReturnType<typeof createEntryGuard>;
