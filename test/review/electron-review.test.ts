// Issue 7, Electron: @doyensec/electronegativity over the built app (out/) and the Electron sources
// (electron/); every finding must carry a written justification in the README's "Electron security
// review". Then the same review over a copy of the shell with its protections taken out, to show
// that it would fail.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  describeFinding,
  readJustifications,
  runElectronReview,
  type ElectronReviewReport,
} from '../support/electron-review';

describe('issue 7 Electron security review', () => {
  let report: ElectronReviewReport;
  beforeAll(async () => {
    report = await runElectronReview();
  });

  it('issue 7 electronegativity scanned the built app and the Electron sources with the installed Electron version, every file parsed', () => {
    expect(report.electronVersion).toMatch(/^\d+\.\d+\.\d+$/u);
    expect(report.inputs.map((input) => input.input)).toEqual(['out/', 'electron/']);
    for (const input of report.inputs) expect(input.files).toBeGreaterThan(5);
    expect(report.checks).toBeGreaterThanOrEqual(40);
    expect(report.parseErrors).toEqual([]);
  });

  it('issue 7 every finding carries a written justification in the README, and no justification is left over', () => {
    expect(report.unjustified.map(describeFinding)).toEqual([]);
    expect(report.staleJustifications).toEqual([]);
  });

  it('issue 7 no finding about the window itself: context isolation, sandbox, node integration, web security, navigation, permissions', () => {
    const windowChecks = [
      'CONTEXT_ISOLATION_JS_CHECK',
      'SANDBOX_JS_CHECK',
      'NODE_INTEGRATION_JS_CHECK',
      'NODE_INTEGRATION_ATTACH_EVENT_JS_CHECK',
      'WEB_SECURITY_JS_CHECK',
      'INSECURE_CONTENT_JS_CHECK',
      'AUXCLICK_JS_CHECK',
      'LIMIT_NAVIGATION_GLOBAL_CHECK',
      'PERMISSION_REQUEST_HANDLER_GLOBAL_CHECK',
      'REMOTE_MODULE_JS_CHECK',
      'EXPERIMENTAL_FEATURES_JS_CHECK',
      'BLINK_FEATURES_JS_CHECK',
    ];
    expect(report.findings.filter((finding) => windowChecks.includes(finding.check)).map(describeFinding)).toEqual([]);
  });
});

describe('issue 7 the review fails when a protection is taken out', () => {
  let root: string;
  /** A copy of the Electron sources with window.ts changed as `weaken` says. */
  const weakenedCopy = (name: string, weaken: (source: string) => string) => {
    cpSync('electron', join(root, name), { recursive: true });
    const windowFile = join(root, name, 'main', 'shell', 'window.ts');
    const source = readFileSync(windowFile, 'utf8');
    const weakened = weaken(source);
    if (weakened === source) throw new Error(`${name}: nothing was taken out`);
    writeFileSync(windowFile, weakened);
  };
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'sspr-review-weakened-'));
    weakenedCopy('unisolated', (source) =>
      source
        .replace('contextIsolation: true', 'contextIsolation: false')
        .replace("disableBlinkFeatures: 'Auxclick',", '')
        .replace('session.setPermissionRequestHandler(', 'void ('),
    );
    // Apart, and with the sandbox line gone: the scanner counts any sandbox setting as turning node integration off.
    weakenedCopy('unsandboxed', (source) =>
      source.replace('sandbox: true,', '').replace('nodeIntegration: false', 'nodeIntegration: true'),
    );
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('issue 7 a window without context isolation, sandbox, the Auxclick guard or a permission handler, or with node integration, is reported and unjustified', async () => {
    const weakened = await runElectronReview({ from: root, inputs: ['unisolated', 'unsandboxed'] });
    const unjustified = weakened.unjustified.map((finding) => `${finding.check} ${finding.file.split('/')[0]}`);
    expect(unjustified).toEqual(
      expect.arrayContaining([
        'CONTEXT_ISOLATION_JS_CHECK unisolated',
        'AUXCLICK_JS_CHECK unisolated',
        'SANDBOX_JS_CHECK unsandboxed',
        'NODE_INTEGRATION_JS_CHECK unsandboxed',
      ]),
    );
    // The other copy still sets a permission handler, so the app as a whole is not reported for it;
    // the copy without one is, in a scan of its own.
    const withoutHandler = await runElectronReview({ from: root, inputs: ['unisolated'] });
    expect(withoutHandler.unjustified.map((finding) => finding.check)).toContain(
      'PERMISSION_REQUEST_HANDLER_GLOBAL_CHECK',
    );
  });
});

describe('issue 7 the justifications are read from the README', () => {
  const readme = (rows: string) =>
    `# App\n\n## Electron security review\n\n| check | where | why it stays |\n| --- | --- | --- |\n${rows}\n## Next\n\n| \`SANDBOX_JS_CHECK\` | \`a.js\` | a row in another section does not count at all |\n`;

  it('issue 7 a row names the check, its files and a reason; a row without a reason, or outside the section, does not count', () => {
    const rows = [
      '| `OPEN_EXTERNAL_JS_CHECK` | `out/main/index.js`, `electron/main/shell/window.ts` | only https: and mailto: links leave, and none in a kiosk |',
      '| `PRELOAD_JS_CHECK` | `out/main/index.js` | ok |',
      '| OPEN_EXTERNAL_JS_CHECK | out/main/index.js | no backticks, so not a justification of anything |',
    ].join('\n');
    expect(readJustifications(readme(rows))).toEqual([
      {
        check: 'OPEN_EXTERNAL_JS_CHECK',
        files: ['out/main/index.js', 'electron/main/shell/window.ts'],
        why: 'only https: and mailto: links leave, and none in a kiosk',
      },
    ]);
  });

  it('issue 7 the README holds the section, with a justification for each finding the review expects', () => {
    const justifications = readJustifications(readFileSync('README.md', 'utf8'));
    expect(justifications.length).toBeGreaterThan(0);
    for (const row of justifications) expect(row.why.length).toBeGreaterThanOrEqual(80);
  });
});
