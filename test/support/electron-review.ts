// Issue 7, Electron: runs @doyensec/electronegativity over the built app (out/) and the Electron
// sources (electron/), and holds each finding against the written justifications in the README's
// "Electron security review" table. A finding with no justification, a justification that no longer
// matches a finding, or a file the scanner could not parse, is a failure.
// No vitest here: test/review/ asserts on the report, and `npm run verify` can print its counts.
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { transformSync } from 'esbuild';

export interface ReviewFinding {
  /** The check's id, e.g. `CONTEXT_ISOLATION_JS_CHECK`. */
  check: string;
  /** Relative to the repository: `out/main/index.js`, `electron/main/shell/window.ts`. */
  file: string;
  line: number;
  severity: string;
  confidence: string;
  /** Electronegativity asks for a human to look (its "review required"). */
  manualReview: boolean;
  description: string;
}

export interface Justification {
  check: string;
  files: string[];
  why: string;
}

export interface ElectronReviewReport {
  electronVersion: string;
  /** What was scanned, with the number of files of each. */
  inputs: { input: string; files: number }[];
  /** Atomic and global checks run. */
  checks: number;
  /** Checks left out, each with why. */
  skipped: { check: string; why: string }[];
  /** Files the scanner could not parse (they were not checked). */
  parseErrors: { file: string; message: string }[];
  findings: ReviewFinding[];
  justified: ReviewFinding[];
  unjustified: ReviewFinding[];
  /** README rows that match no finding: fixed since, or mistyped. */
  staleJustifications: Justification[];
}

/** Only a file whose text could hold Electron code or a page is given to the scanner. */
const scannedExtensions = ['.js', '.cjs', '.mjs', '.ts', '.html', '.json'];

/**
 * The one global check left out. It downloads Electron's release list to say whether a newer
 * release of the installed line carries security fixes; without the internet it finds nothing
 * and only waits. The Electron version is pinned in package.json and raised through npm.
 */
const skipped = [
  {
    check: 'AvailableSecurityFixesGlobalCheck',
    why: "downloads Electron's release notes from GitHub; the machine is offline (the Electron version is pinned in package.json)",
  },
];

const sectionHeading = '## Electron security review';

/**
 * The justifications: the table rows of the README's "Electron security review" section whose first
 * cell is a check id in backticks, second the files in backticks, third the reason (at least a sentence).
 */
export function readJustifications(markdown: string): Justification[] {
  const start = markdown.indexOf(`\n${sectionHeading}\n`);
  if (start < 0) return [];
  const rest = markdown.slice(start + sectionHeading.length + 2);
  const end = rest.search(/\n## /u);
  const section = end < 0 ? rest : rest.slice(0, end);
  const justifications: Justification[] = [];
  for (const line of section.split('\n')) {
    const cells = line
      .trim()
      .replace(/^\||\|$/gu, '')
      .split('|')
      .map((cell) => cell.trim());
    if (cells.length !== 3) continue;
    const [checkCell = '', filesCell = '', why = ''] = cells;
    const check = /^`([A-Z0-9_]+)`$/u.exec(checkCell)?.[1];
    const files = [...filesCell.matchAll(/`([^`]+)`/gu)].map((match) => match[1] ?? '');
    if (!check || files.length === 0 || why.length < 20) continue;
    justifications.push({ check, files, why });
  }
  return justifications;
}

interface RunnerIssue {
  id: string;
  file: string;
  location: { line: number; column: number };
  severity: { name?: string; value: number } | string;
  confidence: { name?: string; value: number } | string;
  manualReview: boolean;
  description: string | Record<string, string>;
}

interface RunnerResult {
  globalChecks: number;
  atomicChecks: number;
  errors: { file: string; message: string }[];
  issues: RunnerIssue[];
}

type Runner = (options: Record<string, unknown>) => Promise<RunnerResult>;

export interface ElectronReviewOptions {
  /** The repository's root; the current folder by default. */
  root?: string;
  /** Folders to scan, relative to `from`; the built app and the Electron sources by default. */
  inputs?: string[];
  /** Where the inputs are; the root by default (a test scans an altered copy of the sources). */
  from?: string;
  /** The README holding the justifications; `README.md` in the root by default. */
  readme?: string;
}

export async function runElectronReview(options: ElectronReviewOptions = {}): Promise<ElectronReviewReport> {
  const root = resolve(options.root ?? process.cwd());
  const from = resolve(options.from ?? root);
  const inputs = options.inputs ?? ['out', 'electron'];
  for (const input of inputs) {
    if (!existsSync(join(from, input))) {
      throw new Error(
        input === 'out' ? 'There is no out/ to review: run `npm run build` first.' : `There is no ${input}/ to review.`,
      );
    }
  }
  if (inputs.includes('out')) {
    for (const built of ['out/main/index.js', 'out/preload/index.cjs', 'out/renderer/index.html']) {
      if (!existsSync(join(from, built)))
        throw new Error(`The build is incomplete (${built} is missing): run \`npm run build\`.`);
    }
  }
  const requireHere = createRequire(join(root, 'package.json'));
  const electronVersion = (requireHere('electron/package.json') as { version: string }).version;
  const run = requireHere('@doyensec/electronegativity') as Runner;

  // One scan over a copy of every input, so the global checks (CSP, navigation, permissions) see the
  // whole app at once. The built renderer is lowered to ES2021: the scanner's traverser does not know
  // class static blocks, and would skip a chunk that holds one.
  const copy = mkdtempSync(join(tmpdir(), 'sspr-electron-review-'));
  try {
    const counts = inputs.map((input) => {
      cpSync(join(from, input), join(copy, input), {
        recursive: true,
        filter: (source) => statSync(source).isDirectory() || scannedExtensions.some((ext) => source.endsWith(ext)),
      });
      const files = filesUnder(join(copy, input));
      for (const file of files) {
        if (relative(copy, file).startsWith(join('out', 'renderer')) && file.endsWith('.js')) lower(file);
      }
      return { input: `${input}/`, files: files.length };
    });
    const result = await quietly(() =>
      run({
        input: copy,
        isRelative: true,
        electronVersionOverride: electronVersion,
        excludeFromScan: skipped.map((entry) => entry.check),
        parserPlugins: [],
      }),
    );
    const findings = result.issues.map((issue): ReviewFinding => ({
      check: issue.id,
      file: issue.file,
      line: issue.location.line,
      severity: levelName(issue.severity),
      confidence: levelName(issue.confidence),
      manualReview: issue.manualReview,
      description:
        typeof issue.description === 'string' ? issue.description : Object.values(issue.description).join(' '),
    }));
    const readme = readFileSync(options.readme ?? join(root, 'README.md'), 'utf8');
    const justifications = readJustifications(readme);
    const covers = (justification: Justification, finding: ReviewFinding) =>
      justification.check === finding.check && justification.files.includes(finding.file);
    return {
      electronVersion,
      inputs: counts,
      checks: result.globalChecks + result.atomicChecks,
      skipped,
      parseErrors: result.errors.map((error) => ({ file: relative(copy, error.file), message: error.message })),
      findings,
      justified: findings.filter((finding) => justifications.some((row) => covers(row, finding))),
      unjustified: findings.filter((finding) => !justifications.some((row) => covers(row, finding))),
      staleJustifications: justifications.filter((row) =>
        row.files.some((file) => !findings.some((finding) => covers({ ...row, files: [file] }, finding))),
      ),
    };
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
}

/** The counts `npm run verify` prints. */
export function electronReviewCounts(report: ElectronReviewReport) {
  return {
    checks: report.checks,
    files: report.inputs.reduce((sum, input) => sum + input.files, 0),
    findings: report.findings.length,
    justified: report.justified.length,
    unjustified: report.unjustified.length,
    parseErrors: report.parseErrors.length,
  };
}

/** One line per finding, for a failure message or a report. */
export function describeFinding(finding: ReviewFinding): string {
  return `${finding.check} ${finding.file}:${finding.line} (${finding.severity}, ${finding.confidence}): ${finding.description}`;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

function lower(file: string): void {
  const { code } = transformSync(readFileSync(file, 'utf8'), { loader: 'js', target: 'es2021', format: 'esm' });
  writeFileSync(file, code);
}

function levelName(level: RunnerIssue['severity']): string {
  return typeof level === 'string' ? level : (level.name ?? String(level.value));
}

/**
 * The scanner prints progress and a line about the translations it cannot fetch offline; its
 * findings come back in the result, so its console output is held back while it runs.
 */
async function quietly<T>(work: () => Promise<T>): Promise<T> {
  const saved = { log: console.log, warn: console.warn, info: console.info };
  const held: string[] = [];
  const hold = (...parts: unknown[]) => void held.push(parts.map(String).join(' '));
  Object.assign(console, { log: hold, warn: hold, info: hold });
  try {
    return await work();
  } finally {
    Object.assign(console, saved);
  }
}
