// `npm run audit:verify -- --db PATH [--vault auto|file|keychain] [--json]` (issue 7): verifies the
// audit log's HMAC chain in a database file with the audit key from the vault beside it, read-only.
// Exit code 0: intact; 1: broken (or not verifiable: no key, another key, no chain yet); 2: bad usage.
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { AuditVerifyUsageError, verifyAuditLogFile } from '../electron/main/admin/audit-verify';
import type { AuditChainReport } from '../shared/admin';

export const usage = 'Usage: npm run audit:verify -- --db PATH [--vault auto|file|keychain] [--json]';
const backends = ['auto', 'file', 'keychain'] as const;
type Backend = (typeof backends)[number];

export interface CommandResult {
  code: 0 | 1 | 2;
  /** What goes to stdout (the finding) or stderr (a usage error). */
  stdout: string;
  stderr: string;
}

const usageError = (message: string): CommandResult => ({
  code: 2,
  stdout: '',
  stderr: `audit:verify: ${message}\n${usage}`,
});

export function describeReport(report: AuditChainReport, dbPath: string): string {
  const pruned = report.prunedThrough > 0 ? `, ${report.prunedThrough} older events pruned by retention` : '';
  if (report.intact) return `The audit log is intact: ${report.events} events verified${pruned} (${dbPath}).`;
  const problem = report.problem;
  const where = problem?.row
    ? `\n  first broken event: id ${problem.row.id}, place ${problem.row.seq ?? 'none'}, ${problem.row.at}, ${problem.row.activity}`
    : '';
  return (
    `The audit log is NOT intact (${problem?.kind ?? 'unknown'}): ${problem?.message ?? ''}${where}\n` +
    `  ${report.verified} of ${report.events} events verified before it${pruned} (${dbPath}).`
  );
}

/** The command without the process around it: the admin CLI of a later issue wraps the same call. */
export async function auditVerifyCommand(argv: string[]): Promise<CommandResult> {
  let values: { db?: string; vault?: string; json?: boolean; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        db: { type: 'string' },
        vault: { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    return usageError(error instanceof Error ? error.message : String(error));
  }
  if (values.help) return { code: 0, stdout: usage, stderr: '' };
  if (!values.db) return usageError('--db PATH is required: the database whose audit log to verify.');
  const vault = values.vault ?? 'auto';
  if (!backends.includes(vault as Backend)) {
    return usageError(`--vault must be one of ${backends.join(', ')}, not "${vault}".`);
  }
  let report: AuditChainReport;
  try {
    report = await verifyAuditLogFile({ dbPath: values.db, vault: vault as Backend });
  } catch (error) {
    if (error instanceof AuditVerifyUsageError) return usageError(error.message);
    throw error;
  }
  return {
    code: report.intact ? 0 : 1,
    stdout: values.json ? JSON.stringify(report) : describeReport(report, values.db),
    stderr: '',
  };
}

const runDirectly = process.argv[1] !== undefined && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url);
if (runDirectly) {
  auditVerifyCommand(process.argv.slice(2))
    .then((result) => {
      if (result.stdout) console.log(result.stdout);
      if (result.stderr) console.error(result.stderr);
      process.exit(result.code);
    })
    .catch((error: unknown) => {
      console.error(`audit:verify: could not verify: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(2);
    });
}
