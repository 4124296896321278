// The password rules a refused password broke, in English words, for the places that answer in text
// rather than through the renderer's translations: the admin command line and bulk-import reports.
// The same sentences as the lock screen shows (messages.en.json); only numeric figures are filled
// in, so a banned match's fragment of the password never reaches the text.
import messages from './messages.en.json';

type Tree = { [key: string]: string | Tree };

/** One broken rule as a sentence, e.g. "Use at least 8 characters." */
export function describeRuleFailure(failure: { code: string; params: Readonly<Record<string, unknown>> }): string {
  let node: string | Tree | undefined = messages.password.rules as Tree;
  for (const part of failure.code.split('.')) node = typeof node === 'object' ? node[part] : undefined;
  if (typeof node !== 'string') return `The password breaks the rule "${failure.code}".`;
  return node.replace(/\{\{(\w+)\}\}/g, (_, name: string) => {
    const value = failure.params[name];
    return typeof value === 'number' ? String(value) : '…';
  });
}

export function describeRuleFailures(
  failures: readonly { code: string; params: Readonly<Record<string, unknown>> }[],
): string {
  return failures.map(describeRuleFailure).join(' ');
}
