// The shape of `npm run verify`'s report (issue 7): one section per kind of proof. A part of the
// hardening adds its own by exporting a VerifyStep and listing it in scripts/verify.ts.

export interface VerifyOptions {
  /** Payloads per contract call (the issue asks for at least 10,000). */
  fuzzRuns: number;
  /** Strategies per brute-force property. */
  bruteRuns: number;
  /** SIGKILLs the crash harness survives (the issue asks for at least 200 resets and registrations). */
  crashKills: number;
  /** The repository's root (resources/, the sources the shells run from). */
  root: string;
}

export interface VerifySection {
  title: string;
  /** The figures, one line each, already worded. */
  lines: string[];
  /** What failed; any failure in any section makes the run exit 1. */
  failures: string[];
  /** Set instead of running: why this section has nothing yet (a slot another part fills). */
  notRun?: string;
  elapsedMs?: number;
}

export interface VerifyStep {
  title: string;
  run(options: VerifyOptions): Promise<VerifySection>;
}

/** A slot in the report for a part that is not built yet: printed as not run, never as passed. */
export function slot(title: string, why: string): VerifyStep {
  return { title, run: async () => ({ title, lines: [], failures: [], notRun: why }) };
}

export function formatReport(sections: readonly VerifySection[]): string {
  const out: string[] = ['Verify report (issue 7)', ''];
  for (const section of sections) {
    const status = section.notRun ? 'NOT RUN' : section.failures.length > 0 ? 'FAILED' : 'ok';
    const took = section.elapsedMs === undefined ? '' : ` (${(section.elapsedMs / 1000).toFixed(1)} s)`;
    out.push(`== ${section.title}: ${status}${took}`);
    if (section.notRun) out.push(`   ${section.notRun}`);
    for (const line of section.lines) out.push(`   ${line}`);
    for (const failure of section.failures) out.push(`   FAILURE: ${failure}`);
    out.push('');
  }
  const failed = sections.filter((section) => section.failures.length > 0);
  const notRun = sections.filter((section) => section.notRun);
  out.push(
    `${sections.length - failed.length - notRun.length} sections passed, ${failed.length} failed, ${notRun.length} not run`,
  );
  return out.join('\n');
}
