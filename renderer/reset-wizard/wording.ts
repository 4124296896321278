import type { TFunction } from 'i18next';
import type { FlowView } from '../../shared/reset';
import type { FlowFailure } from './flow-store';

type Notice = NonNullable<FlowView['notice']>;

/** A link's words: the address without its scheme, as people read it out. */
export function linkLabel(href: string): string {
  return href.replace(/^mailto:/i, '').replace(/^https?:\/\//i, '');
}

/** A time minutes away (a code's expiry, when sending works again), in the user's language. */
export function formatTime(iso: string, language: string): string {
  return new Intl.DateTimeFormat(language, { hour: 'numeric', minute: '2-digit' }).format(new Date(iso));
}

/** A time that may be on another day (the end of an SSPR lockout). */
export function formatDateTime(iso: string, language: string): string {
  return new Intl.DateTimeFormat(language, {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    hour: 'numeric',
    minute: '2-digit',
  }).format(new Date(iso));
}

/** Rules whose wording needs figures the live check gives but a refusal after "Finish" does not. */
const rulesWithFigures: Record<string, string> = {
  'length.tooShort': 'minLength',
  'length.tooLong': 'maxLength',
  banned: 'score',
};

/** One failed password rule of §8 in plain words; without its figures when the engine gave none. */
export function ruleText(t: TFunction, code: string, params: Record<string, string | number> = {}): string {
  const needs = rulesWithFigures[code];
  if (needs && params[needs] === undefined) return t(`reset.rules.plain.${code}`);
  return t(`reset.rules.${code}`, { ...params, defaultValue: t('reset.rules.unknown') });
}

/**
 * What a notice from the main process means, in plain words. `waiting` is left to the screen that
 * waits (it shows its own spinner), so it returns null here.
 */
export function noticeText(t: TFunction, notice: Notice, language: string): string | null {
  switch (notice.code) {
    case 'waiting':
      return null;
    case 'wrongCode':
      if (notice.triesLeft === undefined) return t('reset.notice.wrongAppCode');
      if (notice.triesLeft <= 0) return t('reset.notice.wrongCodeLastTry');
      return t('reset.notice.wrongCode', { count: notice.triesLeft });
    case 'tooManySends':
      return notice.retryAt
        ? t('reset.notice.tooManySends', { time: formatTime(notice.retryAt, language) })
        : t('reset.notice.tooManySendsLater');
    case 'writebackFailed':
    case 'unlockFailed':
      return t(`reset.notice.${notice.code}.${notice.reason ?? 'directoryError'}`, {
        defaultValue: t(`reset.notice.${notice.code}.directoryError`),
      });
    default:
      return t(`reset.notice.${notice.code}`, { defaultValue: t('reset.notice.unknown') });
  }
}

/** Notices that tell the user something went wrong (shown in red); the rest are neutral. */
export function isProblem(notice: Notice): boolean {
  return notice.code !== 'waiting';
}

/** A refused call, worded after the field the main process refused. */
export function failureText(t: TFunction, failure: FlowFailure): string {
  if (failure.code === 'invalid_request') {
    const field = failure.paths.map((path) => path.split('.')[0]).find((name) => name && name !== 'flowId');
    if (field) return t(`reset.failure.${field}`, { defaultValue: t('errors.invalid_request') });
  }
  return t(`errors.${failure.code}`);
}
