import { useId, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Link, Spinner } from '@fluentui/react-components';
import type { HelpdeskContact } from '../../shared/policy';
import type { FlowView } from '../../shared/reset';
import { Fluent } from '../app/Fluent';
import { useResetFlow } from './flow-store';
import { StepHeading } from './StepHeading';
import { failureText, isProblem, noticeText, ruleText } from './wording';
import { brandStyle, useWizardTenant } from './wizard-tenant';
import { IdentifyStep } from './IdentifyStep';
import { StoppedStep } from './StoppedStep';
import { ChooseActionStep } from './ChooseActionStep';
import { VerifyStep } from './VerifyStep';
import { NewPasswordStep } from './NewPasswordStep';
import { DoneStep } from './DoneStep';
import { ExpiredStep } from './ExpiredStep';
import './wizard.css';

/**
 * `reset`: "Reset password" from the lock screen. `riskRemediation`: the flow the main process
 * started for a signed-in high-risk user (§7, P2), which says why it is asked and ends on "Continue".
 */
export type WizardPurpose = 'reset' | 'riskRemediation';

/**
 * "Reset password" from the lock screen (§5): a full-screen overlay with a Microsoft-style sign-in
 * card. It shows the view the main process sends and sends back what the user typed; every rule
 * (who may reset, which methods, how many gates) is decided in the main process.
 */
export function ResetWizard({ purpose = 'reset' }: { purpose?: WizardPurpose }) {
  const { t, i18n } = useTranslation();
  const view = useResetFlow((state) => state.view);
  const failure = useResetFlow((state) => state.failure);
  const closeWizard = useResetFlow((state) => state.closeWizard);
  // Once "who are you" named the user, their tenant's logo, colours and helpdesk (§2 Customization).
  const { branding, helpdesk } = useWizardTenant(view);
  const headingId = useId();

  function onKeyDown(event: KeyboardEvent) {
    if (event.key === 'Escape') {
      event.preventDefault();
      void closeWizard();
    }
  }

  const notice = view?.notice ?? null;
  const noticeWords = notice ? noticeText(t, notice, i18n.language) : null;
  const upn = view && 'upn' in view ? view.upn : null;

  return (
    <div className="wizard-backdrop" style={brandStyle(branding)}>
      <Fluent className="wizard-fluent">
        <section
          className="wizard-card"
          role="dialog"
          aria-modal="false"
          aria-labelledby={headingId}
          data-testid="reset-wizard"
          data-step={view?.step ?? 'loading'}
          onKeyDown={onKeyDown}
        >
          <div className="wizard-logo" data-testid="wizard-logo">
            {branding.logoText}
          </div>
          {upn && view?.step !== 'identify' && <div className="wizard-identity">{upn}</div>}
          {purpose === 'riskRemediation' && view?.step !== 'done' && (
            <p className="wizard-intro" data-testid="remediation-why">
              {t('session.remediation.why')}
            </p>
          )}
          {view?.step === 'verify' && view.gatesRequired > 1 && (
            <GateProgress gate={view.gate} gatesRequired={view.gatesRequired} />
          )}
          {view ? (
            <StepHeading id={headingId} focusKey={headingKey(view)}>
              {purpose === 'riskRemediation' && view.step === 'done'
                ? t('session.remediation.doneTitle')
                : title(t, view)}
            </StepHeading>
          ) : (
            <h1 id={headingId} className="wizard-title">
              {t('reset.dialog')}
            </h1>
          )}
          <div
            className={`wizard-notice${notice && isProblem(notice) ? ' wizard-notice-problem' : ''}`}
            role="status"
            aria-live="polite"
            data-testid="wizard-notice"
          >
            {noticeWords && <p>{noticeWords}</p>}
            {notice?.code === 'passwordRefused' && (
              <ul>
                {(notice.failures ?? []).map((failure) => (
                  <li key={failure.code}>{ruleText(t, failure.code, failure.params)}</li>
                ))}
              </ul>
            )}
            {failure && <p className="wizard-failure">{failureText(t, failure)}</p>}
          </div>
          {view ? (
            <>
              <StepBody view={view} purpose={purpose} />
              {offersHelp(view) && <HelpdeskFooter helpdesk={helpdesk} />}
            </>
          ) : (
            <div className="wizard-loading">
              {failure ? (
                <div className="wizard-actions">
                  <Button onClick={() => void closeWizard()}>{t('reset.cancel')}</Button>
                </div>
              ) : (
                <Spinner label={t('reset.loading')} />
              )}
            </div>
          )}
        </section>
      </Fluent>
    </div>
  );
}

function StepBody({ view, purpose }: { view: FlowView; purpose: WizardPurpose }) {
  switch (view.step) {
    case 'identify':
      return <IdentifyStep view={view} />;
    case 'stopped':
      return <StoppedStep view={view} />;
    case 'chooseAction':
      return <ChooseActionStep />;
    case 'verify':
      // A new gate is a new list: nothing chosen or typed carries over from the gate before.
      return <VerifyStep key={view.gate} view={view} />;
    case 'newPassword':
      return <NewPasswordStep />;
    case 'done':
      return <DoneStep view={view} purpose={purpose} />;
    case 'expired':
      return <ExpiredStep />;
  }
}

/** The steps of an identified user who may still get stuck: a stop shows the helpdesk in full instead. */
function offersHelp(view: FlowView): boolean {
  return view.step === 'chooseAction' || view.step === 'verify' || view.step === 'newPassword';
}

/** "Having trouble?": the helpdesk of the user's tenant, as the real service's "contact your administrator". */
function HelpdeskFooter({ helpdesk }: { helpdesk: HelpdeskContact }) {
  const { t } = useTranslation();
  if (!helpdesk.link && !helpdesk.text) return null;
  return (
    <p className="wizard-help" data-testid="wizard-help">
      {helpdesk.link ? (
        <Link href={helpdesk.link} target="_blank" rel="noreferrer">
          {t('reset.help')}
        </Link>
      ) : (
        helpdesk.text
      )}
    </p>
  );
}

/** A new screen (a new step, or the next gate) moves the focus to its heading. */
function headingKey(view: FlowView): string {
  return view.step === 'verify' ? `verify:${view.gate}` : view.step;
}

function title(t: ReturnType<typeof useTranslation>['t'], view: FlowView): string {
  switch (view.step) {
    case 'verify':
      return t('reset.titles.verify', { gate: view.gate });
    case 'done':
      return t(view.action === 'unlock' ? 'reset.titles.doneUnlock' : 'reset.titles.doneReset');
    default:
      return t(`reset.titles.${view.step}`);
  }
}

/** "Step 1 of 2" for the verification gates (§4: administrators always face two). */
function GateProgress({ gate, gatesRequired }: { gate: number; gatesRequired: number }) {
  const { t } = useTranslation();
  return (
    <div className="wizard-progress">
      <span>{t('reset.stepOf', { gate, gatesRequired })}</span>
      <span className="wizard-progress-bar" aria-hidden>
        {Array.from({ length: gatesRequired }, (_, index) => (
          <span key={index} className={index < gate ? 'wizard-progress-done' : undefined} />
        ))}
      </span>
    </div>
  );
}
