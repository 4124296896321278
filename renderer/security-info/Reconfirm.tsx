import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Spinner } from '@fluentui/react-components';
import type { Session } from '../../shared/session';
import { call, CallRefused } from '../api/client';
import { useAppStore } from '../app/store';
import { Frame } from './Frame';
import { KindIcon } from './KindIcon';
import { SecurityInfoPage } from './SecurityInfoPage';
import { useSecurityInfo } from './store';
import { formatDate, methodDetail } from './wording';

/**
 * §7 the reconfirmation: once the period has passed since the last confirmation, the user reviews
 * their methods and says "Looks good", or changes them first and then confirms.
 */
export function Reconfirm({ session }: { session: Session }) {
  const { t, i18n } = useTranslation();
  const step = session.next?.step === 'reconfirm' ? session.next : null;
  const info = useSecurityInfo((state) => state.info);
  const failure = useSecurityInfo((state) => state.failure);
  const load = useSecurityInfo((state) => state.load);
  const applySession = useAppStore((state) => state.applySession);
  const [managing, setManaging] = useState(false);
  const [refused, setRefused] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  const headingId = useId();

  useEffect(() => {
    if (managing) return;
    void load();
    heading.current?.focus();
  }, [load, managing]);

  if (!step) return null;
  if (managing) return <SecurityInfoPage onClose={() => setManaging(false)} />;

  async function confirm() {
    setBusy(true);
    try {
      applySession(await call('session.confirmSecurityInfo', {}));
    } catch (error) {
      setRefused(error instanceof CallRefused ? t(`errors.${error.error.code}`) : t('errors.internal'));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Frame title={t('securityInfo.reconfirm.title')} testId="reconfirm">
      <div className="si-content">
        <section className="si-panel si-reconfirm" aria-labelledby={headingId}>
          <h1 id={headingId} ref={heading} tabIndex={-1} className="si-title">
            {t('securityInfo.reconfirm.title')}
          </h1>
          <p className="si-subtitle">{t('securityInfo.reconfirm.lead')}</p>
          {step.lastConfirmedAt && (
            <p className="si-fineprint">
              {t('securityInfo.reconfirm.lastConfirmed', { date: formatDate(step.lastConfirmedAt, i18n.language) })}
            </p>
          )}
          {!info ? (
            <div className="si-loading">
              {failure ? <p role="alert">{t(`errors.${failure}`)}</p> : <Spinner label={t('securityInfo.loading')} />}
            </div>
          ) : (
            <ul className="si-summary" aria-label={t('securityInfo.page.listLabel')} data-testid="reconfirm-methods">
              {info.methods.map((method) => (
                <li key={method.methodId}>
                  <KindIcon kind={method.kind} />
                  <span className="si-summary-kind">{t(`securityInfo.kinds.${method.kind}`)}</span>
                  <span className="si-summary-detail">{methodDetail(t, method)}</span>
                </li>
              ))}
            </ul>
          )}
          {refused && (
            <p className="si-notice-problem" role="alert">
              {refused}
            </p>
          )}
          <div className="si-actions">
            <Button onClick={() => setManaging(true)}>{t('securityInfo.reconfirm.manage')}</Button>
            <Button appearance="primary" onClick={() => void confirm()} disabledFocusable={busy}>
              {t('securityInfo.reconfirm.looksGood')}
            </Button>
          </div>
        </section>
      </div>
    </Frame>
  );
}
