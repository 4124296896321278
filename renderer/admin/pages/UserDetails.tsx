import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Badge, Button, Field, Input, MessageBar, MessageBarBody, Select, Spinner } from '@fluentui/react-components';
import type { AdminUser, AdminUserAction, HelpdeskResult } from '../../../shared/admin';
import { directoryRoles, plans, riskLevels, type DirectoryRole } from '../../../shared/policy';
import type { RuleFailure } from '../../../shared/reset';
import { consoleCall } from '../tables/consoleCall';
import { ruleText } from '../../reset-wizard/wording';
import { DetailHeader } from '../tables/DetailHeader';
import { ConfirmPanel, InlinePanel } from '../tables/InlinePanel';
import { LiveNotice } from '../tables/LiveNotice';
import { useFormat } from '../tables/format';
import { failureMessage } from '../tables/useCall';

type Notice = { intent: 'success' | 'error'; text: string; failures?: RuleFailure[] } | null;
type Confirm = { title: string; body: string; confirm: string; change: AdminUserAction };
/** The task open under the command bar: the temporary password, or a confirmation. */
type Task = { kind: 'reset' } | ({ kind: 'confirm' } & Confirm) | null;
type PreRegisterKind = 'email' | 'mobilePhone' | 'officePhone';

/**
 * One user as the helpdesk sees them: roles, groups, license, risk, lockouts and methods, with the
 * actions of issue 6. Every action goes to the main process, which decides; a refusal shows the
 * engine's own message and nothing changes. No password or method secret is ever in this state
 * beyond the temporary password's own dialog.
 */
export function UserDetails({ userId, onBack }: { userId: number; onBack(): void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const [user, setUser] = useState<AdminUser | null>(null);
  const [loadFailure, setLoadFailure] = useState<string | null>(null);
  const [notice, setNotice] = useState<Notice>(null);
  const [busy, setBusy] = useState(false);
  const [task, setTask] = useState<Task>(null);
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    let current = true;
    consoleCall('admin.user.get', { userId }).then(
      (value) => {
        if (!current) return;
        setUser(value);
        setTimeout(() => heading.current?.focus(), 0);
      },
      (error: unknown) => current && setLoadFailure(failureMessage(error)),
    );
    return () => {
      current = false;
    };
  }, [userId]);

  async function act(change: AdminUserAction, success: string): Promise<boolean> {
    setBusy(true);
    setNotice(null);
    try {
      const result: HelpdeskResult = await consoleCall('admin.user.act', { userId, change });
      if (result.ok) {
        setUser(result.user);
        setNotice({ intent: 'success', text: success });
        return true;
      }
      setNotice({ intent: 'error', text: result.message });
      return false;
    } catch (error) {
      setNotice({ intent: 'error', text: failureMessage(error) });
      return false;
    } finally {
      setBusy(false);
    }
  }

  if (loadFailure) {
    return (
      <section className="ap-page" aria-label={t('adminPages.user.title')}>
        <Button appearance="subtle" onClick={onBack}>
          {t('adminPages.user.back')}
        </Button>
        <MessageBar intent="error">
          <MessageBarBody>{loadFailure}</MessageBarBody>
        </MessageBar>
      </section>
    );
  }
  if (!user) return <Spinner size="small" label={t('adminPages.loading')} />;

  const locked =
    user.lockouts.cloud.locked ||
    user.lockouts.onPremises.locked ||
    user.lockouts.onPremises.failedSignIns > 0 ||
    user.lockouts.sspr.blocked;

  return (
    <section className="ap-page" aria-labelledby="admin-user-heading" data-testid="admin-user">
      <DetailHeader
        headingId="admin-user-heading"
        headingRef={heading}
        title={user.displayName}
        lead={user.upn}
        backLabel={t('adminPages.user.back')}
        onBack={onBack}
      >
        <div className="vt-chips" aria-label={t('adminPages.user.badges')} role="group">
          <Badge appearance="tint" color={user.enabled ? 'success' : 'danger'}>
            {user.enabled ? t('adminPages.users.enabled') : t('adminPages.users.disabled')}
          </Badge>
          {user.admin && (
            <Badge appearance="tint" color="important">
              {t('adminPages.user.adminBadge')}
            </Badge>
          )}
          {user.guest && (
            <Badge appearance="tint" color="informative">
              {t('adminPages.users.guest')}
            </Badge>
          )}
          <Badge appearance="tint" color={user.capable ? 'success' : 'warning'}>
            {user.capable ? t('adminPages.user.capableBadge') : t('adminPages.user.notCapableBadge')}
          </Badge>
        </div>
      </DetailHeader>

      <div className="ap-toolbar" role="toolbar" aria-label={t('adminPages.user.actions')}>
        <Button appearance="primary" disabled={busy} onClick={() => setTask({ kind: 'reset' })}>
          {t('adminPages.user.resetPassword')}
        </Button>
        <Button
          disabled={busy || !locked}
          onClick={() => void act({ action: 'unlock' }, t('adminPages.user.unlocked', { name: user.displayName }))}
        >
          {t('adminPages.user.unlock')}
        </Button>
        <Button
          disabled={busy}
          onClick={() =>
            user.enabled
              ? setTask({
                  kind: 'confirm',
                  title: t('adminPages.user.disableTitle', { name: user.displayName }),
                  body: t('adminPages.user.disableBody'),
                  confirm: t('adminPages.user.disable'),
                  change: { action: 'setEnabled', enabled: false },
                })
              : void act({ action: 'setEnabled', enabled: true }, t('adminPages.user.saved'))
          }
        >
          {user.enabled ? t('adminPages.user.disable') : t('adminPages.user.enable')}
        </Button>
        <Button
          disabled={busy || user.methods.length === 0}
          onClick={() =>
            setTask({
              kind: 'confirm',
              title: t('adminPages.user.revokeAllTitle', { name: user.displayName }),
              body: t('adminPages.user.revokeAllBody'),
              confirm: t('adminPages.user.revokeAll'),
              change: { action: 'revokeAllMethods' },
            })
          }
        >
          {t('adminPages.user.revokeAll')}
        </Button>
      </div>

      {task?.kind === 'reset' && (
        <ResetPasswordPanel
          user={user}
          onClose={() => setTask(null)}
          onDone={(updated, wroteBack) => {
            setUser(updated);
            setNotice({
              intent: 'success',
              text: t(wroteBack ? 'adminPages.user.resetDoneWroteBack' : 'adminPages.user.resetDone', {
                name: updated.displayName,
              }),
            });
            setTask(null);
          }}
        />
      )}
      {task?.kind === 'confirm' && (
        <ConfirmPanel
          title={task.title}
          body={task.body}
          confirmLabel={task.confirm}
          busy={busy}
          testId="user-confirm"
          onClose={() => setTask(null)}
          onConfirm={() => void act(task.change, t('adminPages.user.saved'))}
        />
      )}

      <LiveNotice notice={notice} testId="user-notice">
        {notice?.failures && notice.failures.length > 0 && (
          <ul>
            {notice.failures.map((failure) => (
              <li key={failure.code}>{ruleText(t, failure.code, failure.params)}</li>
            ))}
          </ul>
        )}
      </LiveNotice>

      <div className="ap-columns">
        <Overview user={user} busy={busy} act={act} />
        <div className="ap-card">
          <h3>{t('adminPages.user.lockoutsTitle')}</h3>
          <dl className="ap-props">
            <dt>{t('adminPages.user.cloudLockout')}</dt>
            <dd>
              {user.lockouts.cloud.locked && user.lockouts.cloud.until
                ? t('adminPages.user.lockedUntil', { time: format.dateTime(user.lockouts.cloud.until) })
                : t('adminPages.user.notLocked')}
              {' · '}
              {t('adminPages.user.failedSignIns', { count: user.lockouts.cloud.failedSignIns })}
            </dd>
            {user.source !== 'cloud' && (
              <>
                <dt>{t('adminPages.user.onPremLockout')}</dt>
                <dd>
                  {user.lockouts.onPremises.locked
                    ? user.lockouts.onPremises.until
                      ? t('adminPages.user.lockedUntil', { time: format.dateTime(user.lockouts.onPremises.until) })
                      : t('adminPages.user.locked')
                    : t('adminPages.user.notLocked')}
                  {' · '}
                  {t('adminPages.user.failedSignIns', { count: user.lockouts.onPremises.failedSignIns })}
                </dd>
              </>
            )}
            <dt>{t('adminPages.user.ssprBlock')}</dt>
            <dd>
              {user.lockouts.sspr.blocked && user.lockouts.sspr.until
                ? t('adminPages.user.blockedUntil', { time: format.dateTime(user.lockouts.sspr.until) })
                : t('adminPages.user.notBlocked')}
            </dd>
          </dl>
          <h3>{t('adminPages.user.groupsTitle')}</h3>
          {user.groups.length === 0 ? (
            <p className="ap-lead">{t('adminPages.user.noGroups')}</p>
          ) : (
            <ul className="ap-list">
              {user.groups.map((group) => (
                <li key={group.id}>{group.name}</li>
              ))}
            </ul>
          )}
          <p className="ap-count">{t('adminPages.user.groupsHint')}</p>
        </div>
      </div>

      <Methods user={user} busy={busy} act={act} />
      <Roles user={user} busy={busy} act={act} />
    </section>
  );
}

type Act = (change: AdminUserAction, success: string) => Promise<boolean>;

function Overview({ user, busy, act }: { user: AdminUser; busy: boolean; act: Act }) {
  const { t } = useTranslation();
  const format = useFormat();
  const licenseId = useId();
  const riskId = useId();
  return (
    <div className="ap-card">
      <h3>{t('adminPages.user.overview')}</h3>
      <dl className="ap-props">
        <dt>{t('adminPages.users.source')}</dt>
        <dd>
          {t(`adminPages.sources.${user.source}`)}
          {user.guest && ` · ${t('adminPages.users.guest')}`}
        </dd>
        <dt>{t('adminPages.user.tenant')}</dt>
        <dd>{user.tenantName}</dd>
        <dt>
          <label htmlFor={licenseId}>{t('adminPages.user.license')}</label>
        </dt>
        <dd>
          <Select
            id={licenseId}
            size="small"
            disabled={busy}
            value={user.license ?? 'none'}
            onChange={(_, data) =>
              void act(
                {
                  action: 'setLicense',
                  license: data.value === 'none' ? null : (data.value as AdminUser['effectivePlan']),
                },
                t('adminPages.user.saved'),
              )
            }
          >
            <option value="none">{t('adminPages.user.noLicense')}</option>
            {plans.map((plan) => (
              <option key={plan} value={plan}>
                {t(`adminPages.plans.${plan}`)}
              </option>
            ))}
          </Select>
          {user.license === null && (
            <span className="vt-sub">
              {t('adminPages.user.effectivePlan', { plan: t(`adminPages.plans.${user.effectivePlan}`) })}
            </span>
          )}
        </dd>
        <dt>
          <label htmlFor={riskId}>{t('adminPages.user.risk')}</label>
        </dt>
        <dd>
          <Select
            id={riskId}
            size="small"
            disabled={busy}
            value={user.risk}
            onChange={(_, data) =>
              void act({ action: 'setRisk', risk: data.value as AdminUser['risk'] }, t('adminPages.user.saved'))
            }
          >
            {riskLevels.map((risk) => (
              <option key={risk} value={risk}>
                {t(`adminPages.risk.${risk}`)}
              </option>
            ))}
          </Select>
        </dd>
        <dt>{t('adminPages.user.passwordLastSet')}</dt>
        <dd>{format.dateTime(user.passwordLastSet)}</dd>
        <dt>{t('adminPages.user.passwordExpires')}</dt>
        <dd>{user.passwordExpiresAt ? format.dateTime(user.passwordExpiresAt) : t('adminPages.user.never')}</dd>
        <dt>{t('adminPages.user.mustChange')}</dt>
        <dd>{user.mustChange ? t('adminPages.filter.yes') : t('adminPages.filter.no')}</dd>
        <dt>{t('adminPages.users.capable')}</dt>
        <dd data-testid="user-capable">
          {user.capable
            ? t('adminPages.filter.yes')
            : t('adminPages.users.notCapable', {
                reason: user.notCapableBecause
                  ? t(`adminPages.outcomes.${user.notCapableBecause}`)
                  : t('adminPages.filter.no'),
              })}
        </dd>
        {user.note && (
          <>
            <dt>{t('adminPages.user.note')}</dt>
            <dd>{user.note}</dd>
          </>
        )}
      </dl>
    </div>
  );
}

function Methods({ user, busy, act }: { user: AdminUser; busy: boolean; act: Act }) {
  const { t } = useTranslation();
  const format = useFormat();
  const [kind, setKind] = useState<PreRegisterKind>('mobilePhone');
  const [value, setValue] = useState('');
  const [extension, setExtension] = useState('');
  const kindId = useId();

  async function preRegister(event: FormEvent) {
    event.preventDefault();
    const method =
      kind === 'email'
        ? ({ kind, address: value } as const)
        : kind === 'mobilePhone'
          ? ({ kind, phoneNumber: value } as const)
          : ({ kind, phoneNumber: value, ...(extension.trim() ? { extension } : {}) } as const);
    const added = await act(
      { action: 'preRegister', method },
      t('adminPages.user.preRegistered', { kind: t(`adminPages.kinds.${kind}`) }),
    );
    if (added) {
      setValue('');
      setExtension('');
    }
  }

  return (
    <div className="ap-card">
      <h3 id="admin-user-methods">{t('adminPages.user.methodsTitle')}</h3>
      <p className="ap-lead">
        {user.registration.confirmedAt
          ? t('adminPages.user.confirmedAt', { time: format.dateTime(user.registration.confirmedAt) })
          : t('adminPages.user.neverConfirmed')}
      </p>
      {user.methods.length === 0 ? (
        <p>{t('adminPages.users.noMethods')}</p>
      ) : (
        <table className="ap-table" aria-labelledby="admin-user-methods">
          <thead>
            <tr>
              <th scope="col">{t('adminPages.user.method')}</th>
              <th scope="col">{t('adminPages.user.detail')}</th>
              <th scope="col">{t('adminPages.user.registered')}</th>
              <th scope="col">{t('adminPages.user.usableFor')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('adminPages.user.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {user.methods.map((method) => (
              <tr key={method.methodId}>
                <td>{t(`adminPages.kinds.${method.kind}`)}</td>
                <td>
                  {method.kind === 'securityQuestions'
                    ? t('adminPages.user.questions', { count: Number(method.display) || 0 })
                    : method.display}
                </td>
                <td>{format.dateTime(method.registeredAt)}</td>
                <td>
                  {method.usableFor.length === 0
                    ? t('adminPages.user.notUsable')
                    : method.usableFor.map((gate) => t(`adminPages.gates.${gate}`)).join(', ')}
                </td>
                <td>
                  <Button
                    size="small"
                    disabled={busy}
                    aria-label={t(
                      method.kind === 'mobilePhone'
                        ? 'adminPages.user.removeLostPhoneFor'
                        : 'adminPages.user.removeFor',
                      { method: `${t(`adminPages.kinds.${method.kind}`)} ${method.display}` },
                    )}
                    onClick={() =>
                      void act(
                        { action: 'revokeMethod', methodId: method.methodId },
                        t('adminPages.user.removed', { kind: t(`adminPages.kinds.${method.kind}`) }),
                      )
                    }
                  >
                    {method.kind === 'mobilePhone' ? t('adminPages.user.removeLostPhone') : t('adminPages.user.remove')}
                  </Button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form className="ap-toolbar" onSubmit={(event) => void preRegister(event)} aria-labelledby="admin-user-prereg">
        <h4 id="admin-user-prereg" className="ap-form-title">
          {t('adminPages.user.preRegisterTitle')}
        </h4>
        <div className="ap-filter">
          <label htmlFor={kindId}>{t('adminPages.user.method')}</label>
          <Select id={kindId} size="small" value={kind} onChange={(_, data) => setKind(data.value as PreRegisterKind)}>
            <option value="mobilePhone">{t('adminPages.kinds.mobilePhone')}</option>
            <option value="officePhone">{t('adminPages.kinds.officePhone')}</option>
            <option value="email">{t('adminPages.kinds.email')}</option>
          </Select>
        </div>
        <Field label={kind === 'email' ? t('adminPages.user.address') : t('adminPages.user.phoneNumber')} size="small">
          <Input
            size="small"
            type={kind === 'email' ? 'email' : 'tel'}
            value={value}
            placeholder={kind === 'email' ? 'name@example.com' : '+1 425 555 0100'}
            onChange={(_, data) => setValue(data.value)}
          />
        </Field>
        {kind === 'officePhone' && (
          <Field label={t('adminPages.user.extension')} size="small">
            <Input size="small" value={extension} onChange={(_, data) => setExtension(data.value)} />
          </Field>
        )}
        <Button type="submit" size="small" disabled={busy || value.trim().length < 3}>
          {t('adminPages.user.preRegister')}
        </Button>
      </form>
    </div>
  );
}

function Roles({ user, busy, act }: { user: AdminUser; busy: boolean; act: Act }) {
  const { t } = useTranslation();
  const [role, setRole] = useState<DirectoryRole | ''>('');
  const roleId = useId();
  const available = directoryRoles.filter((name) => !user.roles.includes(name));
  return (
    <div className="ap-card">
      <h3 id="admin-user-roles">{t('adminPages.user.rolesTitle')}</h3>
      <p className="ap-lead">{t('adminPages.user.rolesLead')}</p>
      {user.roles.length === 0 ? (
        <p>{t('adminPages.user.noRoles')}</p>
      ) : (
        <ul className="ap-list ap-roles" aria-labelledby="admin-user-roles">
          {user.roles.map((name) => (
            <li key={name} className="ap-list-row">
              <span>{name}</span>
              <Button
                size="small"
                disabled={busy}
                aria-label={t('adminPages.user.removeRoleFor', { role: name })}
                onClick={() =>
                  void act(
                    { action: 'removeRole', role: name as DirectoryRole },
                    t('adminPages.user.roleRemoved', { role: name }),
                  )
                }
              >
                {t('adminPages.user.remove')}
              </Button>
            </li>
          ))}
        </ul>
      )}
      <div className="ap-toolbar">
        <div className="ap-filter">
          <label htmlFor={roleId}>{t('adminPages.user.addRoleLabel')}</label>
          <Select id={roleId} size="small" value={role} onChange={(_, data) => setRole(data.value as DirectoryRole)}>
            <option value="">{t('adminPages.user.chooseRole')}</option>
            {available.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </Select>
        </div>
        <Button
          size="small"
          disabled={busy || role === ''}
          onClick={() => {
            if (role === '') return;
            void act({ action: 'addRole', role }, t('adminPages.user.roleAdded', { role })).then(
              (added) => added && setRole(''),
            );
          }}
        >
          {t('adminPages.user.addRole')}
        </Button>
      </div>
    </div>
  );
}

function ResetPasswordPanel({
  user,
  onClose,
  onDone,
}: {
  user: AdminUser;
  onClose(): void;
  onDone(user: AdminUser, wroteBack: boolean): void;
}) {
  const { t } = useTranslation();
  const [password, setPassword] = useState('');
  const [sending, setSending] = useState(false);
  const [refusal, setRefusal] = useState<{ message: string; failures: RuleFailure[] } | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSending(true);
    setRefusal(null);
    try {
      const result = await consoleCall('admin.user.resetPassword', { userId: user.id, temporaryPassword: password });
      if (result.ok) {
        setPassword('');
        onDone(result.user, result.wroteBack);
      } else {
        setRefusal({ message: result.message, failures: result.failures });
      }
    } catch (error) {
      setRefusal({ message: failureMessage(error), failures: [] });
    } finally {
      setSending(false);
    }
  }

  return (
    <InlinePanel
      title={t('adminPages.user.resetTitle', { name: user.displayName })}
      testId="user-reset-password"
      onClose={onClose}
      onSubmit={(event) => void submit(event)}
      actions={
        <>
          <Button appearance="primary" type="submit" disabled={sending || password.length === 0}>
            {sending ? t('adminPages.user.resetting') : t('adminPages.user.resetPassword')}
          </Button>
          <Button onClick={onClose}>{t('adminPages.cancel')}</Button>
        </>
      }
    >
      <p className="ap-lead">{t('adminPages.user.resetLead')}</p>
      <Field
        label={t('adminPages.user.temporaryPassword')}
        required
        validationState={refusal ? 'error' : 'none'}
        validationMessage={
          refusal ? (
            <span data-testid="reset-refusal">
              {refusal.message}
              {refusal.failures.length > 0 && (
                <ul>
                  {refusal.failures.map((failure) => (
                    <li key={failure.code}>{ruleText(t, failure.code, failure.params)}</li>
                  ))}
                </ul>
              )}
            </span>
          ) : undefined
        }
      >
        <Input
          type="password"
          autoComplete="new-password"
          value={password}
          onChange={(_, data) => setPassword(data.value)}
        />
      </Field>
      {user.source !== 'cloud' && <p className="ap-count">{t('adminPages.user.resetWriteback')}</p>}
    </InlinePanel>
  );
}
