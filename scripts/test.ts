// `npm test`: lint and format, typecheck, the engine's unit tests under Node, the vault against a real
// keychain, the renderer end to end in Chromium through the browser shell, the Electron security review
// (electronegativity over the build) and the Electron smoke test.
// Every stage runs even if an earlier one fails, so one run shows everything; the last line sums up.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, existsSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';

interface Counts {
  passed: number;
  failed: number;
  skipped: number;
}

interface Stage {
  name: string;
  command: string;
  report?: { kind: 'vitest' | 'playwright'; file: string };
}

// Absolute, because Playwright resolves a relative report path against its config's folder.
const reports = resolve('test-results', 'reports');
mkdirSync(reports, { recursive: true });

const stages: Stage[] = [
  {
    // Side by side, one a core: each prints only what it finds, under its own name.
    name: 'lint and typecheck',
    command:
      "set -o pipefail; (npm run --silent lint 2>&1 | sed 's/^/[lint] /') & lint=$!; " +
      "npm run --silent typecheck 2>&1 | sed 's/^/[typecheck] /'; typecheck=$?; wait $lint; lint=$?; exit $((lint || typecheck))",
  },
  {
    // Beside a throwaway OpenLDAP (issue 9): the LDAP connector's tests write to a real directory.
    name: 'unit',
    command: `bash scripts/with-slapd.sh npx vitest run --config test/vitest.config.ts --reporter=default --reporter=json --outputFile=${reports}/unit.json`,
    report: { kind: 'vitest', file: `${reports}/unit.json` },
  },
  {
    name: 'keychain',
    command: `bash scripts/with-keyring.sh npx vitest run --config test/vitest.keychain.config.ts --reporter=default --reporter=json --outputFile=${reports}/keychain.json`,
    report: { kind: 'vitest', file: `${reports}/keychain.json` },
  },
  {
    name: 'e2e',
    command:
      'bash scripts/ensure-system-packages.sh && npm run --silent build && ' +
      'bash scripts/with-slapd.sh npx playwright test --config test/playwright.config.ts',
    report: { kind: 'playwright', file: `${reports}/e2e.json` },
  },
  {
    // After the e2e stage, which builds out/: electronegativity reads the built app (issue 7).
    name: 'electron review',
    command: `npx vitest run --config test/vitest.review.config.ts --reporter=default --reporter=json --outputFile=${reports}/review.json`,
    report: { kind: 'vitest', file: `${reports}/review.json` },
  },
  {
    name: 'electron',
    command: 'npx playwright test --config test/playwright.electron.config.ts',
    report: { kind: 'playwright', file: `${reports}/electron.json` },
  },
];

const total: Counts = { passed: 0, failed: 0, skipped: 0 };
const failedStages: string[] = [];
const timings: string[] = [];
const suiteStart = Date.now();

for (const stage of stages) {
  console.log(`\n=== ${stage.name}: ${stage.command}`);
  if (stage.report) rmSync(stage.report.file, { force: true });
  const stageStart = Date.now();
  const result = spawnSync(stage.command, {
    shell: '/bin/bash',
    stdio: 'inherit',
    env: { ...process.env, PLAYWRIGHT_JSON_OUTPUT_NAME: stage.report?.file ?? '', FORCE_COLOR: '0' },
  });
  timings.push(`${stage.name} ${Math.round((Date.now() - stageStart) / 1000)} s`);
  const counts = stage.report ? readCounts(stage.report.kind, stage.report.file) : null;
  if (counts) {
    total.passed += counts.passed;
    total.failed += counts.failed;
    total.skipped += counts.skipped;
  }
  if (result.status !== 0) {
    failedStages.push(stage.name);
    // A stage that fails without a failing test (lint, typecheck, a crash) still counts as one failure.
    if (!counts || counts.failed === 0) total.failed += 1;
  }
}

console.log('');
console.log(`Time: ${timings.join(', ')}; in all ${Math.round((Date.now() - suiteStart) / 1000)} s`);
if (failedStages.length > 0) console.log(`Failed stages: ${failedStages.join(', ')}`);
console.log(`${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
process.exit(failedStages.length > 0 ? 1 : 0);

function readCounts(kind: 'vitest' | 'playwright', file: string): Counts | null {
  if (!existsSync(file)) return null;
  const report = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  if (kind === 'vitest') {
    return {
      passed: Number(report.numPassedTests ?? 0),
      failed: Number(report.numFailedTests ?? 0),
      skipped: Number(report.numPendingTests ?? 0) + Number(report.numTodoTests ?? 0),
    };
  }
  const stats = (report.stats ?? {}) as Record<string, number>;
  return {
    passed: (stats.expected ?? 0) + (stats.flaky ?? 0),
    failed: stats.unexpected ?? 0,
    skipped: stats.skipped ?? 0,
  };
}
