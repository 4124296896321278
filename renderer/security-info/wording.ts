import type { TFunction } from 'i18next';
import type { GateMethod, MethodKind } from '../../shared/policy';
import type { RegisteredMethod, SecurityInfo } from '../../shared/security-info';

type Notice = NonNullable<SecurityInfo['notice']>;

/** Notices that say something went well; the rest are problems (shown in red). */
const goodNews = new Set(['registered', 'changed', 'removed', 'questionsSaved']);

export function isProblem(notice: Notice): boolean {
  return !goodNews.has(notice.code);
}

/** A notice of the main process in plain words. */
export function noticeText(t: TFunction, notice: Notice): string {
  if (notice.code === 'wrongCode' && notice.triesLeft !== undefined) {
    return notice.triesLeft > 0
      ? t('securityInfo.notice.wrongCode', { count: notice.triesLeft })
      : t('securityInfo.notice.wrongCodeLastTry');
  }
  return t(`securityInfo.notice.${notice.code}`, { defaultValue: t('securityInfo.notice.unknown') });
}

/** The order Entra proposes methods in, and picks the default sign-in method by. */
export const kindPreference: readonly MethodKind[] = [
  'authenticatorApp',
  'mobilePhone',
  'email',
  'officePhone',
  'securityQuestions',
];

const signInPreference: readonly GateMethod[] = [
  'appNotification',
  'appCode',
  'mobileSms',
  'mobileCall',
  'officeCall',
  'email',
];

/** The kinds the user may still add: allowed, and not held yet (authenticator apps may be several). */
export function kindsToAdd(info: SecurityInfo): MethodKind[] {
  const held = new Set(info.methods.map((method) => method.kind));
  return kindPreference.filter(
    (kind) => info.allowedKinds.includes(kind) && (kind === 'authenticatorApp' || !held.has(kind)),
  );
}

/** "Phone - text +1 425 555 0101", as the Security info page words the default sign-in method. */
export function defaultSignIn(t: TFunction, info: SecurityInfo): string | null {
  for (const gate of signInPreference) {
    const method = info.methods.find((candidate) => candidate.usableFor.includes(gate));
    if (method) return t(`securityInfo.defaultMethod.${gate}`, { display: method.display });
  }
  return null;
}

/** A registered method's second line: the address, the number, the device, or the questions' count. */
export function methodDetail(t: TFunction, method: RegisteredMethod): string {
  if (method.kind === 'securityQuestions') {
    return t('securityInfo.page.questionsCount', { count: method.questions?.length ?? 0 });
  }
  if (method.kind === 'authenticatorApp') return method.display || t('securityInfo.page.appNoName');
  return method.display;
}

/** A date (a grace period's end, the last confirmation) in the user's language. */
export function formatDate(iso: string, language: string): string {
  return new Intl.DateTimeFormat(language, { day: 'numeric', month: 'long', year: 'numeric' }).format(new Date(iso));
}
