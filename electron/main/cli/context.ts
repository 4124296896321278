// What every command opens: the database (the app's own unless --db), the vault beside it, and the
// admin console's contract rows, so the command line goes through the same schemas, rules and audit
// trail as the settings pane. Its authority is the OS account that can open the vault: the rows'
// entry guard is replaced by one that names that account in the audit trail.
import { mkdirSync } from 'node:fs';
import { userInfo, hostname } from 'node:os';
import { dirname, resolve } from 'node:path';
import { openCore, type EngineCore } from '../engine';
import type { HashCost } from '../password/hasher';
import { memoryLogger, type Logger } from '../log';
import { openVault } from '../vault/vault';
import { defaultDataDir, DB_FILE_NAME, resourcesDir, type VaultBackendChoice } from '../paths';
import { adminHandlers, type AdminGuard } from '../admin/handlers';
import { createEntryGuard, type AdminActor } from '../admin/entry-guard';
import { dispatch, type Handlers } from '../api/dispatch';
import type { CallName, CallResponse, ParsedRequest } from '../../../shared/contract';
import { CallFailure, type CallErrorCode } from '../../../shared/errors';
import { ExitCode, CliError } from './exit';

export interface GlobalOptions {
  db?: string;
  vault?: VaultBackendChoice;
}

/** What a test may set that no command-line flag offers. */
export interface ContextSettings {
  /** A lower scrypt cost; the unit tests' order of magnitude. The command itself never lowers it. */
  hashCost?: HashCost;
}

type AdminCallName = Extract<CallName, `admin.${string}`>;

export interface CliContext {
  core: EngineCore;
  dbPath: string;
  /** Who acts, as the audit trail names the command line. */
  actor: AdminActor;
  /** An `admin.*` contract row, validated and answered as for the settings pane; a refusal throws a CliError. */
  call<N extends AdminCallName>(name: N, request: ParsedRequest<N> | Record<string, unknown>): Promise<CallResponse<N>>;
  /** The console's entry guard, for the credential reset. */
  entryGuard: ReturnType<typeof createEntryGuard>;
  resourcesDir: string;
  log: Logger;
}

/** Exit codes for the contract's error codes: refused input 2, not found 3, unavailable 4, the rest 70. */
const exitFor: Record<CallErrorCode, ExitCode> = {
  invalid_request: ExitCode.invalidInput,
  unknown_call: ExitCode.internal,
  unauthorized: ExitCode.invalidInput,
  forbidden: ExitCode.invalidInput,
  not_found: ExitCode.notFound,
  conflict: ExitCode.invalidInput,
  unavailable: ExitCode.unavailable,
  internal: ExitCode.internal,
};

export function resolveCliDbPath(db: string | undefined): string {
  return db ? resolve(db) : resolve(defaultDataDir(), DB_FILE_NAME);
}

/**
 * Opens the database and the vault, runs `work`, and closes them whatever happens. A new database is
 * created empty (no demo tenant): a lab is built with `scenario load` or `tenants add`.
 */
export async function withContext<T>(
  options: GlobalOptions,
  work: (context: CliContext) => Promise<T>,
  settings: ContextSettings = {},
): Promise<T> {
  const dbPath = resolveCliDbPath(options.db);
  const log = memoryLogger();
  let core: EngineCore;
  try {
    mkdirSync(dirname(dbPath), { recursive: true, mode: 0o700 });
    const vault = await openVault({ fileDir: dirname(dbPath), backend: options.vault ?? 'auto' });
    core = await openCore({
      dbPath,
      resourcesDir: resourcesDir(),
      vault,
      log,
      seedDemo: false,
      ...(settings.hashCost ? { hashCost: settings.hashCost } : {}),
      // Inside the packaged app (ELECTRON_RUN_AS_NODE) better-sqlite3 is the build for Electron's ABI.
      ...(process.versions['electron'] && process.env['SSPR_ELECTRON_NATIVE_BINDING']
        ? { nativeBinding: process.env['SSPR_ELECTRON_NATIVE_BINDING'] }
        : {}),
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new CliError(ExitCode.unavailable, `Could not open ${dbPath}: ${message}`);
  }
  try {
    const { deviceId } = core.store.device.get();
    const actor: AdminActor = { actor: `Command line (${accountName()})`, deviceId };
    const entryGuardDeps = { ...core, kiosk: false };
    const entryGuard = createEntryGuard(entryGuardDeps);
    const handlers = adminHandlers({ ...entryGuardDeps, guard: commandLineGuard(actor) });
    return await work({
      core,
      dbPath,
      actor,
      entryGuard,
      resourcesDir: resourcesDir(),
      log,
      call: async (name, request) => {
        const envelope = await dispatch(handlers as unknown as Handlers, name, request, { shell: 'cli' }, log);
        if (envelope.ok) return envelope.value as CallResponse<typeof name>;
        const issues = (envelope.error.issues ?? []).map((issue) => `\n  ${issue.path}: ${issue.message}`).join('');
        throw new CliError(exitFor[envelope.error.code], `${envelope.error.message}${issues}`);
      },
    });
  } finally {
    core.store.close();
  }
}

function accountName(): string {
  try {
    return `${userInfo().username}@${hostname()}`;
  } catch {
    return hostname();
  }
}

/**
 * The command line's stand-in for the console's entry guard: every row may act, named as the OS
 * account; the console's own credential calls are not the command line's to make.
 */
function commandLineGuard(actor: AdminActor): AdminGuard {
  const refuse = (): never => {
    throw new CallFailure(
      'forbidden',
      'The command line does not open the console; use `sspr admin reset-credential`.',
    );
  };
  return {
    status: async () => ({
      credentialSet: false,
      open: true,
      closesAt: null,
      idleMinutes: 0,
      retryAfterSeconds: 0,
      kiosk: false,
    }),
    setup: async () => refuse(),
    open: async () => refuse(),
    close: async () => refuse(),
    requireOpen: () => actor,
  };
}
