import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { Badge } from '@fluentui/react-components';
import { CheckmarkCircle16Filled, DismissCircle16Filled, Info16Regular } from '@fluentui/react-icons';
import type { PolicyReasonView } from '../../../shared/admin';
import { isGateMethod } from './lists';

/** The rules that stop a user when they are the reason given (spec §3, §4); the rest pass or inform. */
const stoppingRules = new Set([
  'account.notFoundOrDisabled',
  'scope.none',
  'scope.selected.notMember',
  'guest.noLicense',
  'license.syncedWritebackOff',
  'license.syncedPlanNoWriteback',
  'license.syncedNoDirectorySync',
  'federation.writebackOff',
  'federation.planNoWriteback',
  'federation.noDirectorySync',
  'admin.notAllowedToUseSspr',
  'lockout.inForce',
  'methods.notEnough',
]);
/** Rules that describe the policy that applies rather than pass a check. */
const informingRules = new Set([
  'admin.role',
  'user.tenantPolicy',
  'admin.twoGates',
  'admin.oneGateTrial30Days',
  'admin.oneGateNoCustomDomainNoSync',
  'admin.noSecurityQuestions',
  'admin.noVoiceOnTrialOrFree',
  'admin.voiceCallsAllowed',
  'unlock.allowed',
  'unlock.off',
  'unlock.planNoUnlock',
]);

export type ReasonVerdict = 'stops' | 'passes' | 'informs';

export function verdictOf(rule: string): ReasonVerdict {
  if (stoppingRules.has(rule)) return 'stops';
  return informingRules.has(rule) ? 'informs' : 'passes';
}

/** A gate method's name as Entra's Authentication methods blade words it. */
export function methodName(t: TFunction, method: string): string {
  return isGateMethod(method) ? t(`admin.methods.${method}`) : method;
}

export function dateTime(iso: string, language: string): string {
  return new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}

/** A reason in plain words, its parameters filled in the reader's language (times, method names). */
export function reasonText(t: TFunction, reason: PolicyReasonView, language: string): string {
  const params: Record<string, string | number | boolean> = { ...reason.params };
  for (const key of ['until', 'trialStart']) {
    const value = params[key];
    if (typeof value === 'string') params[key] = dateTime(value, language);
  }
  if (typeof params['methodsAllowed'] === 'string') {
    params['methodsAllowed'] = params['methodsAllowed']
      .split(', ')
      .map((method) => methodName(t, method))
      .join(', ');
  }
  return t(`admin.reasons.${reason.rule}`, { ...params, defaultValue: reason.rule });
}

const verdictIcon = {
  stops: <DismissCircle16Filled className="admin-verdict-stops" />,
  passes: <CheckmarkCircle16Filled className="admin-verdict-passes" />,
  informs: <Info16Regular className="admin-verdict-informs" />,
} as const;

/**
 * Every rule the main process evaluated, in its order, each with the spec section it comes from and
 * whether it passed, stopped the user, or only says which policy applies.
 */
export function ReasonList({ reasons, testId }: { reasons: PolicyReasonView[]; testId?: string }) {
  const { t, i18n } = useTranslation();
  return (
    <ol className="admin-reasons" data-testid={testId}>
      {reasons.map((reason, index) => {
        const verdict = verdictOf(reason.rule);
        return (
          <li key={`${reason.rule}-${index}`} className="admin-reason" data-rule={reason.rule} data-verdict={verdict}>
            <span className="admin-reason-icon" aria-hidden="true">
              {verdictIcon[verdict]}
            </span>
            <span className="visually-hidden">{t(`admin.whatIf.verdict.${verdict}`)}</span>
            <span className="admin-reason-text">{reasonText(t, reason, i18n.language)}</span>
            <Badge appearance="outline" color="informative" className="admin-reason-section">
              {reason.section}
            </Badge>
          </li>
        );
      })}
    </ol>
  );
}
