// `npm run verify [-- --runs N --brute-runs N --kills N --quick --json]` (issue 7): the hardening's proofs at
// full count, in one report: payloads tried per contract call, brute-force properties and their
// strategies, concurrent operations on one database file, secrets searched at rest, the audit chain
// verified on the fuzzed database, the engine killed during resets and registrations (the crash
// harness), and electronegativity's findings against the README's justifications.
// Exit code 0 when no section failed, 1 otherwise, 2 on bad usage.
import { spawnSync } from 'node:child_process';
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { verifyAuditLogFile } from '../electron/main/admin/audit-verify';
import type { AuditChainReport } from '../shared/admin';
import { runBruteForce } from '../test/support/brute-force';
import { runConcurrency } from '../test/support/concurrency';
import { runContractFuzz } from '../test/support/contract-fuzz';
import { runCrashHarness } from '../test/support/crash-harness';
import { describeFinding, electronReviewCounts, runElectronReview } from '../test/support/electron-review';
import { runSecretsAtRest } from '../test/support/secrets-at-rest';
import { formatReport, type VerifyOptions, type VerifySection, type VerifyStep } from './verify-report';

const usage = 'Usage: npm run verify -- [--runs N] [--brute-runs N] [--kills N] [--quick] [--json]';

const badInput: VerifyStep = {
  title: 'Bad input: every contract call fuzzed',
  async run(options) {
    let chain: AuditChainReport | null = null;
    const report = await runContractFuzz({
      runs: options.fuzzRuns,
      root: options.root,
      onCall: (call) =>
        console.error(
          `verify:   ${call.call}: ${call.payloads} payloads, ${call.problems.length} problems (${(call.elapsedMs / 1000).toFixed(1)} s)`,
        ),
      afterRun: async ({ dbPath }) => {
        chain = await verifyAuditLogFile({ dbPath, vault: 'file' });
      },
    });
    const widest = Math.max(...report.calls.map((call) => call.call.length));
    const lines = [
      `${report.calls.length} calls, ${report.runsPerCall} payloads each (seed ${report.seed}; database checked by ${report.databaseCheck})`,
      `${'call'.padEnd(widest)}  payloads  rejected  answered  refused`,
      ...report.calls.map(
        (call) =>
          `${call.call.padEnd(widest)}  ${pad(call.payloads, 8)}  ${pad(call.rejected, 8)}  ${pad(call.answered, 8)}  ${pad(call.refused, 7)}`,
      ),
      `${'total'.padEnd(widest)}  ${pad(report.totals.payloads, 8)}  ${pad(report.totals.rejected, 8)}  ${pad(report.totals.answered, 8)}  ${pad(report.totals.refused, 7)}`,
      `tables written by answers to valid payloads: ${unique(report.calls.flatMap((call) => call.tablesWrittenByAnswers)).join(', ') || 'none'}`,
      `tables written by refusals of valid payloads: ${unique(report.calls.flatMap((call) => call.tablesChangedByRefusals)).join(', ') || 'none'}`,
    ];
    const failures = [...report.calls.flatMap((call) => call.problems), ...report.problems].map(
      (problem) => `${problem.call} ${problem.kind}: ${problem.detail} (payload ${problem.payload.slice(0, 160)})`,
    );
    const audited = chain as AuditChainReport | null;
    if (!audited) failures.push('the audit chain of the fuzzed database was not verified');
    else if (!audited.intact) failures.push(`the fuzzed database's audit chain is broken: ${audited.problem?.message}`);
    else
      lines.push(
        `audit chain of the fuzzed database: intact, ${audited.verified} of ${audited.events} events verified`,
      );
    return { title: this.title, lines, failures };
  },
};

const bruteForce: VerifyStep = {
  title: 'Brute force: guessing strategies against the gates',
  async run(options) {
    const results = await runBruteForce(options.bruteRuns);
    return {
      title: this.title,
      lines: [
        ...results.map(
          (result) =>
            `${result.ok ? 'held' : 'BROKEN'}  ${result.runs} strategies, ${result.calls} calls: ${result.name}`,
        ),
        `${results.length} properties, ${results.reduce((sum, r) => sum + r.runs, 0)} strategies, ${results.reduce((sum, r) => sum + r.calls, 0)} calls`,
      ],
      failures: results.filter((result) => !result.ok).map((result) => `${result.name}: ${result.detail}`),
    };
  },
};

const concurrency: VerifyStep = {
  title: 'Concurrency: two browser shells on one database file',
  async run(options) {
    const report = await runConcurrency({ root: options.root });
    return {
      title: this.title,
      lines: [
        `${report.processes} processes, ${report.operations} calls, ${report.concurrentOperations} made while the other shell had one in flight`,
        ...report.checks.map((check) => `${check.ok ? 'held' : 'BROKEN'}  ${check.name}: ${check.detail}`),
      ],
      failures: report.checks.filter((check) => !check.ok).map((check) => `${check.name}: ${check.detail}`),
    };
  },
};

const secretsAtRest: VerifyStep = {
  title: 'Secrets at rest',
  async run(options) {
    const report = await runSecretsAtRest({ root: options.root });
    return {
      title: this.title,
      lines: [
        `${report.secretsSearched} secrets in ${report.patternsSearched} encodings searched (${Object.entries(
          report.byKind,
        )
          .map(([kind, count]) => `${count} ${kind}`)
          .join(', ')})`,
        `${report.filesSearched.length} files (${report.filesSearched.join(', ')}), ${report.bytesSearched} bytes, ${report.logLinesSearched} log lines`,
        `${report.findings.length} found`,
      ],
      failures: report.findings.map(
        (finding) => `a ${finding.kind} (${finding.label}) in ${finding.where} as ${finding.encoding}`,
      ),
    };
  },
};

const crashes: VerifyStep = {
  title: 'Crashes: the engine killed during resets and registrations',
  async run(options) {
    const report = await runCrashHarness({
      kills: options.crashKills,
      root: options.root,
      progress: (line) => console.error(`verify:   ${line}`),
    });
    const { resets, registrations } = report;
    return {
      title: this.title,
      lines: [
        `${report.runs} runs, ${report.kills} kills (${report.killsBy.harnessTimer} at a random moment, ${report.killsBy.selfAnywhere} at a random write, ${report.killsBy.selfInCommit} at a write inside a commit), ${report.restarts} restarts, ${report.checks} checks (seed ${report.seed})`,
        `resets: ${resets.attempted} begun, ${resets.completed} done, ${resets.killedWhileSetting} killed while setting the password (${resets.committedWhenKilled} done, ${resets.rolledBackWhenKilled} rolled back, each whole)`,
        `registrations: ${registrations.attempted} begun, ${registrations.completed} done, ${registrations.killedWhileProving} killed while proving (${registrations.registeredWhenKilled} registered)`,
        `left half-done and tried at the restart: ${report.deadFlows.refused} of ${report.deadFlows.tried} flows and ${report.deadRegistrations.refused} of ${report.deadRegistrations.tried} registrations refused`,
      ],
      failures: report.failures,
    };
  },
};

const electron: VerifyStep = {
  title: 'Electron: electronegativity findings',
  async run(options) {
    // The review reads the built app: build it from these sources first.
    const built = spawnSync('npm', ['run', '--silent', 'build'], {
      cwd: options.root,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    if (built.status !== 0) {
      return {
        title: this.title,
        lines: [],
        failures: [`npm run build failed: ${String(built.stderr).trim().slice(-500)}`],
      };
    }
    const report = await runElectronReview({ root: options.root });
    const counts = electronReviewCounts(report);
    return {
      title: this.title,
      lines: [
        `electronegativity over ${report.inputs.map((input) => `${input.input} (${input.files} files)`).join(' and ')}, Electron ${report.electronVersion}, ${counts.checks} checks`,
        `${counts.findings} findings: ${counts.justified} justified in the README, ${counts.unjustified} not; ${counts.parseErrors} files not parsed`,
        ...report.justified.map((finding) => `justified  ${describeFinding(finding)}`),
        ...report.skipped.map((entry) => `left out  ${entry.check}: ${entry.why}`),
      ],
      failures: [
        ...report.unjustified.map((finding) => `not justified: ${describeFinding(finding)}`),
        ...report.staleJustifications.map(
          (row) => `the README justifies ${row.check} in ${row.files.join(', ')}, which no longer has it`,
        ),
        ...report.parseErrors.map((error) => `not parsed: ${error.file}: ${error.message}`),
      ],
    };
  },
};

/** The report's sections in order. */
export const verifySteps: VerifyStep[] = [badInput, bruteForce, concurrency, secretsAtRest, crashes, electron];

function pad(value: number, width: number): string {
  return String(value).padStart(width);
}

function unique(values: string[]): string[] {
  return [...new Set(values)].sort();
}

async function main(argv: string[]): Promise<number> {
  let values: { runs?: string; 'brute-runs'?: string; kills?: string; quick?: boolean; json?: boolean };
  try {
    values = parseArgs({
      args: argv,
      options: {
        runs: { type: 'string' },
        'brute-runs': { type: 'string' },
        kills: { type: 'string' },
        quick: { type: 'boolean' },
        json: { type: 'boolean' },
      },
    }).values;
  } catch (error) {
    console.error(`verify: ${error instanceof Error ? error.message : String(error)}\n${usage}`);
    return 2;
  }
  const count = (value: string | undefined, fallback: number, flag: string) => {
    if (value === undefined) return fallback;
    if (!/^\d+$/.test(value) || Number(value) < 1)
      throw new Error(`${flag} needs a whole number of at least 1, not "${value}"`);
    return Number(value);
  };
  let options: VerifyOptions;
  try {
    options = {
      fuzzRuns: count(values.runs, values.quick ? 200 : 10_000, '--runs'),
      bruteRuns: count(values['brute-runs'], values.quick ? 20 : 100, '--brute-runs'),
      crashKills: count(values.kills ?? process.env['SSPR_CRASH_KILLS'], values.quick ? 20 : 200, '--kills'),
      root: process.cwd(),
    };
  } catch (error) {
    console.error(`verify: ${error instanceof Error ? error.message : String(error)}\n${usage}`);
    return 2;
  }
  const sections: VerifySection[] = [];
  for (const step of verifySteps) {
    if (!values.json) console.error(`verify: ${step.title}…`);
    const started = performance.now();
    let section: VerifySection;
    try {
      section = await step.run(options);
    } catch (error) {
      section = {
        title: step.title,
        lines: [],
        failures: [`it stopped: ${error instanceof Error ? error.stack : String(error)}`],
      };
    }
    sections.push({ ...section, elapsedMs: Math.round(performance.now() - started) });
  }
  console.log(values.json ? JSON.stringify({ options, sections }, null, 2) : formatReport(sections));
  return sections.some((section) => section.failures.length > 0) ? 1 : 0;
}

const runDirectly = process.argv[1] !== undefined && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url);
if (runDirectly) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
