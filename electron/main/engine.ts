// Composition root of the engine: the one place that wires store, vault, clock and handlers.
// Both shells (Electron and browser) call openEngine; nothing here imports electron.
import { join } from 'node:path';
import { systemClock, TrainingClock, type Clock } from './clock';
import { consoleLogger, type Logger } from './log';
import { cryptoRandom, type Random } from './random';
import type { SecretBox, Vault } from './vault/types';
import { createSecretBox } from './vault/secret-box';
import type { Handlers } from './api/dispatch';
import { createHandlers } from './api/handlers';
import { callNames } from '../../shared/contract';
import { adminHandlers, type AdminCalls } from './admin/handlers';
import { createScenarioConsole } from './admin/scenarios';
import { openStore, type Store } from './store';
import { createHasher, type HashCost, type Hasher } from './password/hasher';
import { seedIfEmpty } from './scenario/load';
import { createDirectory, ensureDirectoryAccounts, type OnPremDirectory } from './directory';
import { createMethods, createVirtualDevices, type VirtualDevices } from './methods';
import { createMailer } from './delivery';
import { createPasswordPolicy, type PasswordPolicyService } from './password/policy';
import { globalBannedIndex, globalListFileName } from './password/banned-list';
import { createCaptchaIssuer } from './flows/captcha';
import { createResetService, type ResetService } from './flows/reset-service';
import { createTraining } from './training/training';
import { createSecurityInfoService } from './security-info/service';
import { applyAuditRetention } from './admin/audit-log';

export interface EngineOptions {
  /** The SQLite file; created, migrated and seeded with the demo tenant when new. */
  dbPath: string;
  /** Folder holding `scenarios/*.json` and the other shipped resources. */
  resourcesDir: string;
  vault: Vault;
  shell: 'electron' | 'browser';
  kiosk?: boolean;
  clock?: Clock;
  random?: Random;
  log?: Logger;
  /** better-sqlite3's addon built for Electron's ABI; the Node build is used when absent. */
  nativeBinding?: string;
  /** Slow-hash cost override; tests lower it, the app never does. */
  hashCost?: HashCost;
}

export interface Engine {
  handlers: Handlers;
  /** The reset flows, for tests that drive them without the contract (the current lab's). */
  readonly resets: ResetService;
  /** The training room's phones and authenticator apps (the training panel and tests answer them). */
  readonly devices: VirtualDevices;
  close(): void;
}

export const DEMO_SCENARIO = join('scenarios', 'contoso.json');

/**
 * What the app and the admin command line share: the store (migrated, keys from the vault), the clock,
 * the slow hasher, the on-premises directory and the password rules, after the start-up upkeep.
 */
export interface EngineCore {
  store: Store;
  vault: Vault;
  clock: TrainingClock;
  log: Logger;
  random: Random;
  hasher: Hasher;
  secretBox: SecretBox;
  directory: OnPremDirectory;
  passwords: PasswordPolicyService;
}

export interface CoreOptions extends Omit<EngineOptions, 'shell' | 'kiosk'> {
  /** Seed the demo tenant into an empty database (the app does; the command line builds its own labs). */
  seedDemo?: boolean;
}

/** Opens the store with the vault's keys and runs the start-up upkeep; the caller closes `store`. */
export async function openCore(options: CoreOptions): Promise<EngineCore> {
  // Every rule reads this clock; in a training room the trainer may move it forward.
  const clock = new TrainingClock(options.clock ?? systemClock);
  const log = options.log ?? consoleLogger('engine');
  const random = options.random ?? cryptoRandom;
  // Issue 7: every audit event is sealed into an HMAC chain with the vault's audit key.
  const auditKey = await options.vault.auditKey();
  // The data key seals TOTP secrets and the training outbox's messages (issue 7).
  const secretBox = createSecretBox(await options.vault.dataKey());
  const store = openStore(options.dbPath, {
    auditKey,
    secretBox,
    ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
  });
  try {
    const chain = store.audit.chainOpening;
    if (chain?.sealedLegacy) log.info('sealed the audit log into its hash chain', { events: chain.sealedLegacy });
    if (chain?.rekeyedFrom) {
      log.warn('the audit log was sealed with an audit key the vault no longer holds; a new key seals it from here', {
        fromPlace: chain.rekeyedFrom,
      });
    }
    if (store.outbox.sealedLegacy) {
      log.info('sealed the training outbox with the data key', { messages: store.outbox.sealedLegacy });
    }
    const hasher = createHasher(options.hashCost);
    if (options.seedDemo ?? true) {
      const seeded = await seedIfEmpty(store, join(options.resourcesDir, DEMO_SCENARIO), { hasher, secretBox, clock });
      if (seeded) log.info('seeded the demo tenant', { database: options.dbPath });
    }
    ensureDirectoryAccounts(store);
    // §10: audit events older than the retention go at every start, and the purge is audited.
    applyAuditRetention(store, clock, 'startup');
    const directory = createDirectory({ store, clock, hasher, vault: options.vault });
    const passwords = createPasswordPolicy({
      globalList: globalBannedIndex(join(options.resourcesDir, globalListFileName)),
      hasher,
    });
    return { store, vault: options.vault, clock, log, random, hasher, secretBox, directory, passwords };
  } catch (error) {
    store.close();
    throw error;
  }
}

/** What the engine holds in memory about one lab: flows, codes, sessions, pending registrations, training devices. */
interface Lab {
  handlers: Handlers;
  resets: ResetService;
  devices: VirtualDevices;
}

export async function openEngine(options: EngineOptions): Promise<Engine> {
  const core = await openCore(options);
  const { store, clock, hasher, secretBox, directory, passwords } = core;
  const kiosk = options.kiosk ?? false;
  try {
    // The console's rows (and its entry guard) live as long as the engine; everything else is the lab's.
    const admin: AdminCalls = adminHandlers({
      store,
      vault: options.vault,
      hasher,
      clock,
      directory,
      passwords,
      kiosk,
      log: core.log,
      scenarios: createScenarioConsole({
        store,
        hasher,
        secretBox,
        clock,
        resourcesDir: options.resourcesDir,
        vault: options.vault,
        // Issue 8: a loaded scenario replaced the database, so nothing held of the old lab may survive.
        onLoaded: () => {
          lab = openLab(core, options, admin);
        },
      }),
    });
    let lab = openLab(core, options, admin);
    const handlers = Object.fromEntries(
      callNames.map((name) => [name, (request: never, context: never) => lab.handlers[name](request, context)]),
    ) as unknown as Handlers;
    return {
      handlers,
      get resets() {
        return lab.resets;
      },
      get devices() {
        return lab.devices;
      },
      close: () => store.close(),
    };
  } catch (error) {
    store.close();
    throw error;
  }
}

/** The engine's in-memory state for the lab in the store, made afresh at start and after each scenario load. */
function openLab(core: EngineCore, options: EngineOptions, admin: AdminCalls): Lab {
  const { store, clock, random, hasher, secretBox, directory, passwords } = core;
  const kiosk = options.kiosk ?? false;
  const devices = createVirtualDevices({ store, clock, random });
  const mailer = createMailer({ store, vault: options.vault, clock, log: core.log });
  const resets = createResetService({
    store,
    clock,
    random,
    hasher,
    methods: createMethods({ store, clock, random, hasher, secretBox, devices, mailer }),
    directory,
    passwords,
    captcha: createCaptchaIssuer(random),
    mailer,
  });
  const securityInfo = createSecurityInfoService({ store, clock, random, hasher, secretBox, devices, mailer });
  const handlers = createHandlers({
    store,
    vault: options.vault,
    hasher,
    clock,
    directory,
    passwords,
    resets,
    securityInfo,
    training: createTraining({
      store,
      clock,
      devices,
      secretBox,
      kiosk,
      pendingDelivery: (userId) => securityInfo.pendingDelivery(userId),
    }),
    admin,
    shell: options.shell,
    kiosk,
    mailer,
  });
  return { handlers, resets, devices };
}
