import { useEffect, useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import {
  Badge,
  Button,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  Spinner,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
} from '@fluentui/react-components';
import { ChevronRight16Regular } from '@fluentui/react-icons';
import type { UserRow, WhatIf } from '../../../shared/admin';
import { call } from '../../api/client';
import { adminCall, Facts, issuesOf } from './tab-form';
import { ReasonList, dateTime, methodName } from './reasons';

/**
 * "What would happen?" (issue 6): pick a user, see what the reset wizard on this device would do
 * right now — eligible or stopped and why, the gates and methods, the steps in order, writeback and
 * the §9 link — with every rule the main process evaluated, in its order, with its section.
 */
export function WhatIfTab({ tenantId }: { tenantId: number }) {
  const { t } = useTranslation();
  const [upn, setUpn] = useState('');
  const [suggestions, setSuggestions] = useState<UserRow[]>([]);
  const [result, setResult] = useState<WhatIf | null>(null);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const suggestionsId = useId();

  // Users of the chosen tenant whose names start with what is typed; any UPN may still be typed.
  useEffect(() => {
    let current = true;
    const text = upn.trim();
    const timer = setTimeout(() => {
      adminCall(() => call('admin.users.search', { tenantId, ...(text ? { text } : {}), limit: 8 })).then(
        (page) => current && setSuggestions(page.users),
        () => current && setSuggestions([]),
      );
    }, 150);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [tenantId, upn]);

  async function check(event?: FormEvent) {
    event?.preventDefault();
    const typed = upn.trim();
    if (!typed) return;
    setBusy(true);
    setProblem(null);
    try {
      setResult(await adminCall(() => call('admin.whatIf', { upn: typed })));
    } catch (error) {
      setResult(null);
      setProblem(
        issuesOf(error)
          .map((issue) => issue.message)
          .join(' '),
      );
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="admin-tab" data-testid="admin-what-if">
      <h2 className="admin-tab-title">{t('admin.tabs.whatIf')}</h2>
      <p className="admin-tab-description">{t('admin.whatIf.description')}</p>
      <form className="admin-inline-form" onSubmit={(event) => void check(event)} role="search">
        <Field label={t('admin.whatIf.user')}>
          <Input
            value={upn}
            placeholder="adele.vance@contoso.com"
            onChange={(_, data) => setUpn(data.value)}
            list={suggestionsId}
            autoComplete="off"
            spellCheck={false}
            className="admin-what-if-user"
          />
        </Field>
        {/* The browser's own suggestion list: announced and navigable like any text box's. */}
        <datalist id={suggestionsId}>
          {suggestions.map((user) => (
            <option key={user.id} value={user.upn} label={user.displayName} />
          ))}
        </datalist>
        <Button type="submit" appearance="primary" disabled={busy || !upn.trim()}>
          {t('admin.whatIf.check')}
        </Button>
        {busy && <Spinner size="tiny" />}
      </form>
      <p className="admin-note">{t('admin.whatIf.userHint')}</p>
      {problem && (
        <MessageBar intent="error">
          <MessageBarBody>{problem}</MessageBarBody>
        </MessageBar>
      )}
      {result && <WhatIfResult result={result} />}
    </div>
  );
}

function WhatIfResult({ result }: { result: WhatIf }) {
  const { t, i18n } = useTranslation();
  const yesNo = (value: boolean) => (value ? t('admin.yes') : t('admin.no'));
  const outcome = result.outcome
    ? t(`admin.outcomes.${result.outcome}`, {
        until: result.until ? dateTime(result.until, i18n.language) : '',
        defaultValue: result.outcome,
      })
    : null;
  return (
    <section
      className="admin-what-if-result"
      aria-labelledby="admin-what-if-verdict"
      data-testid="admin-what-if-result"
      data-eligible={result.eligible}
    >
      <div className={`admin-verdict ${result.eligible ? 'is-eligible' : 'is-stopped'}`}>
        <h3 id="admin-what-if-verdict">
          {result.eligible
            ? t('admin.whatIf.eligible', { upn: result.upn, count: result.gatesRequired })
            : t('admin.whatIf.stopped', { upn: result.upn })}
        </h3>
        {outcome && <p data-testid="admin-what-if-outcome">{outcome}</p>}
        <p className="admin-inline">
          <Badge appearance="tint" color={result.account === 'found' ? 'success' : 'danger'}>
            {t(`admin.whatIf.account.${result.account}`)}
          </Badge>
          {result.tenantName && (
            <Badge appearance="tint" color="informative">
              {result.tenantName}
            </Badge>
          )}
          {result.admin && (
            <Badge appearance="tint" color="important">
              {t('admin.whatIf.administrator')}
            </Badge>
          )}
        </p>
      </div>

      <h3 className="admin-section-title">{t('admin.whatIf.steps')}</h3>
      <ol className="admin-steps" data-testid="admin-what-if-steps">
        {result.steps.map((step, index) => (
          <li key={step} data-step={step} className={step === 'stopped' ? 'is-stopped' : undefined}>
            {index > 0 && <ChevronRight16Regular aria-hidden="true" className="admin-step-arrow" />}
            <span className="admin-step">
              {t(`admin.whatIf.step.${step}`)}
              {step === 'identify' && (
                <span className="admin-step-detail">
                  {result.captchaRequired ? t('admin.whatIf.captchaOn') : t('admin.whatIf.captchaOff')}
                </span>
              )}
            </span>
          </li>
        ))}
      </ol>

      <Facts
        items={[
          [t('admin.whatIf.gates'), result.eligible ? String(result.gatesRequired) : t('admin.none')],
          [t('admin.whatIf.unlock'), yesNo(result.canUnlock)],
          [
            t('admin.whatIf.writeback'),
            result.writeback.applies ? (
              <WritebackTarget key="writeback" writeback={result.writeback} />
            ) : (
              t('admin.whatIf.writebackNone')
            ),
          ],
          [
            t('admin.whatIf.link'),
            result.resetLink.available
              ? result.resetLink.showAlways
                ? t('admin.device.linkAlways')
                : t('admin.device.linkShown')
              : t('admin.device.linkHidden', { count: result.resetLink.blockers.length }),
          ],
        ]}
      />

      {result.methods.length > 0 && (
        <>
          <h3 className="admin-section-title" id="admin-what-if-methods">
            {t('admin.whatIf.methods')}
          </h3>
          <Table size="small" aria-labelledby="admin-what-if-methods" className="admin-table-fluent">
            <TableHeader>
              <TableRow>
                <TableHeaderCell>{t('admin.whatIf.method')}</TableHeaderCell>
                <TableHeaderCell>{t('admin.whatIf.registration')}</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {result.methods.map((method) => (
                <TableRow key={`${method.gateMethod}-${method.methodId}`}>
                  <TableCell>{methodName(t, method.gateMethod)}</TableCell>
                  <TableCell>{method.display}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </>
      )}

      <h3 className="admin-section-title">{t('admin.whatIf.rules')}</h3>
      <ReasonList reasons={result.reasons} testId="admin-what-if-reasons" />
    </section>
  );
}

/** Where the new password would be written (the LDAP server and base DN, or the simulated directory), and the connector's health now. */
function WritebackTarget({ writeback }: { writeback: WhatIf['writeback'] }) {
  const { t } = useTranslation();
  const target = writeback.target ?? writeback.directoryName ?? t('admin.none');
  return (
    <span className="admin-writeback" data-testid="admin-what-if-writeback" data-connector={writeback.connector}>
      <span>
        {writeback.connector === 'ldap'
          ? t('admin.whatIf.writtenToLdap', { target })
          : t('admin.whatIf.writtenToSimulated', { directory: target })}
      </span>
      <span className="admin-inline">
        <Badge appearance="tint" color={writeback.writable ? 'success' : 'danger'}>
          {writeback.writable ? t('admin.onPremises.writable') : t('admin.onPremises.notWritable')}
        </Badge>
        {writeback.message && <span>{writeback.message}</span>}
      </span>
    </span>
  );
}
