import { lazy, Suspense, useEffect, useRef, useState, type ReactElement, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Dropdown, Field, MessageBar, MessageBarBody, Option, Spinner } from '@fluentui/react-components';
import {
  Alert20Regular,
  BookOpen20Regular,
  Certificate20Regular,
  DataBarVertical20Regular,
  Desktop20Regular,
  DocumentBulletList20Regular,
  Key20Regular,
  KeyMultiple20Regular,
  LockClosed20Regular,
  Mail20Regular,
  PaintBrush20Regular,
  Password20Regular,
  People20Regular,
  PeopleTeam20Regular,
  PersonAdd20Regular,
  QuestionCircle20Regular,
  Server20Regular,
  Settings20Regular,
  Shield20Regular,
  ShieldPerson20Regular,
} from '@fluentui/react-icons';
import type { AdminTenant, TenantSummary, TenantTab } from '../../shared/admin';
import { call } from '../api/client';
import { Fluent } from '../app/Fluent';
import { useAdminEntry } from './entry/entry-store';
import { adminCall, issuesOf, type TenantTabProps } from './tabs/tab-form';
import { DeviceTab } from './tabs/DeviceTab';
import { PropertiesTab } from './tabs/PropertiesTab';
import { AuthenticationMethodsTab } from './tabs/AuthenticationMethodsTab';
import { RegistrationTab } from './tabs/RegistrationTab';
import { NotificationsTab } from './tabs/NotificationsTab';
import { CustomizationTab } from './tabs/CustomizationTab';
import { OnPremisesTab } from './tabs/OnPremisesTab';
import { ProtectionTab } from './tabs/ProtectionTab';
import { AdministratorsTab } from './tabs/AdministratorsTab';
import { LicensingTab } from './tabs/LicensingTab';
import { PasswordPolicyTab } from './tabs/PasswordPolicyTab';
import { WhatIfTab } from './tabs/WhatIfTab';
import './admin.css';

// Console B's pages load when first opened (the reports bring their charts).
const UsersPage = lazy(() => import('./pages/UsersPage').then((module) => ({ default: module.UsersPage })));
const GroupsPage = lazy(() => import('./pages/GroupsPage').then((module) => ({ default: module.GroupsPage })));
const AuditLogPage = lazy(() => import('./pages/AuditLogPage').then((module) => ({ default: module.AuditLogPage })));
const ReportsPage = lazy(() => import('./pages/ReportsPage').then((module) => ({ default: module.ReportsPage })));
const ScenariosPage = lazy(() => import('./pages/ScenariosPage').then((module) => ({ default: module.ScenariosPage })));
const MailDeliveryPage = lazy(() =>
  import('./pages/MailDeliveryPage').then((module) => ({ default: module.MailDeliveryPage })),
);

const managePages = ['users', 'groups', 'auditLog', 'reports'] as const;
type ManagePage = (typeof managePages)[number];
/**
 * The device's own pages: its settings, where its e-mail goes (issue 9), and the training scenarios
 * that replace the whole lab (issue 8).
 */
const devicePages = ['device', 'mail', 'scenarios'] as const;
type DevicePage = (typeof devicePages)[number];
export type ConsolePage = DevicePage | TenantTab | ManagePage | 'whatIf';

const tenantTabViews: Record<TenantTab, (props: TenantTabProps) => ReactNode> = {
  properties: PropertiesTab,
  authenticationMethods: AuthenticationMethodsTab,
  registration: RegistrationTab,
  notifications: NotificationsTab,
  customization: CustomizationTab,
  onPremises: OnPremisesTab,
  protection: ProtectionTab,
  administrators: AdministratorsTab,
  licensing: LicensingTab,
  passwordPolicy: PasswordPolicyTab,
};

const pageIcons: Record<ConsolePage, ReactElement> = {
  device: <Desktop20Regular />,
  mail: <Mail20Regular />,
  scenarios: <BookOpen20Regular />,
  properties: <Settings20Regular />,
  authenticationMethods: <KeyMultiple20Regular />,
  registration: <PersonAdd20Regular />,
  notifications: <Alert20Regular />,
  customization: <PaintBrush20Regular />,
  onPremises: <Server20Regular />,
  protection: <Shield20Regular />,
  administrators: <ShieldPerson20Regular />,
  licensing: <Certificate20Regular />,
  passwordPolicy: <Password20Regular />,
  users: <People20Regular />,
  groups: <PeopleTeam20Regular />,
  auditLog: <DocumentBulletList20Regular />,
  reports: <DataBarVertical20Regular />,
  whatIf: <QuestionCircle20Regular />,
};

/** The tenant tabs in the order of spec §2 (the record above names every one). */
const tenantTabs = Object.keys(tenantTabViews) as TenantTab[];

function sectionOf(page: ConsolePage): 'device' | 'passwordReset' | 'manage' | 'troubleshoot' {
  if ((devicePages as readonly ConsolePage[]).includes(page)) return 'device';
  if (page === 'whatIf') return 'troubleshoot';
  return Object.hasOwn(tenantTabViews, page) ? 'passwordReset' : 'manage';
}

/** How often the console asks whether the main process closed it after its idle minutes. */
const statusPollMs = 30_000;

/**
 * The settings pane and admin console (issue 6), after the local admin credential: the Device tab,
 * the tenant's "Password reset" tabs (spec §2, §8), Console B's Users, Groups, Audit log and Reports,
 * and "What would happen?". Every decision is the main process's; "Lock console" closes it there
 * and returns to the lock screen, which then shows every change.
 */
export function AdminConsole() {
  const { t } = useTranslation();
  const lockConsole = useAdminEntry((state) => state.lockConsole);
  const idleClosed = useAdminEntry((state) => state.idleClosed);
  const [page, setPage] = useState<ConsolePage>('device');
  const [tenants, setTenants] = useState<TenantSummary[] | null>(null);
  const [tenantId, setTenantId] = useState<number | null>(null);
  const [tenant, setTenant] = useState<AdminTenant | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [closing, setClosing] = useState(false);
  // Moves on each scenario loaded: the lab's tenants are new (their ids may be the old ones'), so they are read again.
  const [lab, setLab] = useState(0);
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    heading.current?.focus();
  }, []);

  useEffect(() => {
    let current = true;
    adminCall(() => call('admin.tenants.list', {})).then(
      (list) => {
        if (!current) return;
        setTenants(list);
        setTenantId((chosen) => (lab === 0 && chosen !== null ? chosen : (list[0]?.id ?? null)));
      },
      (error: unknown) => current && setProblem(issuesOf(error)[0]?.message ?? null),
    );
    return () => {
      current = false;
    };
  }, [lab]);

  useEffect(() => {
    // The main process closes an idle console; the screen follows it back to the prompt.
    const timer = setInterval(() => {
      call('admin.status', {})
        .then((status) => {
          if (!status.open) idleClosed();
        })
        .catch(() => undefined);
    }, statusPollMs);
    return () => clearInterval(timer);
  }, [idleClosed]);

  // The tenant is read again each time a tenant tab opens: the other pages (a new group, a user made
  // admin) change what the tabs show.
  const tenantTabOpen = sectionOf(page) === 'passwordReset' ? page : null;
  useEffect(() => {
    if (tenantId === null) return;
    let current = true;
    adminCall(() => call('admin.tenant.get', { tenantId })).then(
      (view) => current && setTenant(view),
      (error: unknown) => current && setProblem(issuesOf(error)[0]?.message ?? null),
    );
    return () => {
      current = false;
    };
  }, [tenantId, tenantTabOpen, lab]);

  async function lock() {
    setClosing(true);
    await lockConsole().catch(() => undefined);
  }

  const tenantName = tenants?.find((candidate) => candidate.id === tenantId)?.name ?? '';
  const navItem = (value: ConsolePage) => (
    <li key={value}>
      <button
        type="button"
        className="admin-nav-item"
        aria-current={page === value ? 'page' : undefined}
        onClick={() => setPage(value)}
        data-testid={`admin-nav-${value}`}
      >
        <span className="admin-nav-icon" aria-hidden="true">
          {pageIcons[value]}
        </span>
        {t(`admin.tabs.${value}`)}
      </button>
    </li>
  );
  const navSection = (title: string, pages: readonly ConsolePage[]) => (
    <li className="admin-nav-section">
      <span className="admin-nav-section-title" aria-hidden="true">
        {title}
      </span>
      <ul aria-label={title}>{pages.map(navItem)}</ul>
    </li>
  );

  return (
    <Fluent className="admin-root">
      <div className="admin-console" data-testid="admin-console">
        <header className="admin-header">
          <span className="admin-header-mark" aria-hidden="true">
            <Key20Regular />
          </span>
          <h1 ref={heading} tabIndex={-1} className="admin-header-title">
            {t('admin.title')}
          </h1>
          <span className="admin-header-idle">{t('admin.idleNote', { minutes: 10 })}</span>
          <Button
            appearance="primary"
            icon={closing ? <Spinner size="tiny" /> : <LockClosed20Regular />}
            onClick={() => void lock()}
            disabled={closing}
          >
            {t('admin.lock')}
          </Button>
        </header>
        <div className="admin-body">
          <nav className="admin-nav" aria-label={t('admin.navigation')}>
            <div className="admin-nav-header">
              <Field label={t('admin.tenant')}>
                <Dropdown
                  value={tenantName}
                  selectedOptions={tenantId === null ? [] : [String(tenantId)]}
                  onOptionSelect={(_, data) => data.optionValue && setTenantId(Number(data.optionValue))}
                  disabled={!tenants}
                  className="admin-tenant-picker"
                  data-testid="admin-tenant-picker"
                >
                  {(tenants ?? []).map((candidate) => (
                    <Option key={candidate.id} value={String(candidate.id)} text={candidate.name}>
                      {candidate.name}
                      <span className="admin-option-secondary"> {candidate.initialDomain ?? ''}</span>
                    </Option>
                  ))}
                </Dropdown>
              </Field>
            </div>
            <ul className="admin-nav-list">
              {navSection(t('admin.sections.device'), devicePages)}
              {navSection(t('admin.sections.passwordReset'), tenantTabs)}
              {navSection(t('admin.sections.manage'), managePages)}
              {navSection(t('admin.sections.troubleshoot'), ['whatIf'])}
            </ul>
          </nav>
          <main className="admin-main" aria-label={t(`admin.tabs.${page}`)} data-page={page}>
            <p className="admin-breadcrumb">
              {sectionOf(page) === 'device'
                ? t('admin.sections.device')
                : `${tenantName} › ${t(`admin.sections.${sectionOf(page)}`)}`}
            </p>
            {problem && (
              <MessageBar intent="error">
                <MessageBarBody>{problem}</MessageBarBody>
              </MessageBar>
            )}
            <Suspense fallback={<Spinner label={t('admin.loading')} className="admin-loading" />}>
              <PageView
                page={page}
                tenantId={tenantId}
                tenant={tenant}
                onSaved={setTenant}
                onLabLoaded={() => setLab((count) => count + 1)}
              />
            </Suspense>
          </main>
        </div>
      </div>
    </Fluent>
  );
}

function PageView({
  page,
  tenantId,
  tenant,
  onSaved,
  onLabLoaded,
}: {
  page: ConsolePage;
  tenantId: number | null;
  tenant: AdminTenant | null;
  onSaved: (tenant: AdminTenant) => void;
  onLabLoaded: () => void;
}) {
  const { t } = useTranslation();
  if (page === 'device') return <DeviceTab />;
  if (page === 'mail') return <MailDeliveryPage />;
  if (page === 'scenarios') return <ScenariosPage onLoaded={onLabLoaded} />;
  if (tenantId === null) return <Spinner label={t('admin.loading')} className="admin-loading" />;
  switch (page) {
    case 'users':
      return <UsersPage key={tenantId} tenantId={tenantId} />;
    case 'groups':
      return <GroupsPage key={tenantId} tenantId={tenantId} />;
    case 'auditLog':
      return <AuditLogPage key={tenantId} tenantId={tenantId} />;
    case 'reports':
      return <ReportsPage key={tenantId} tenantId={tenantId} />;
    case 'whatIf':
      return <WhatIfTab tenantId={tenantId} />;
    default: {
      if (!tenant || tenant.id !== tenantId) return <Spinner label={t('admin.loading')} className="admin-loading" />;
      const View = tenantTabViews[page];
      return <View key={`${tenant.id}-${page}`} tenant={tenant} onSaved={onSaved} />;
    }
  }
}
