import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import {
  Badge,
  Button,
  Dropdown,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Option,
  Spinner,
  Switch,
} from '@fluentui/react-components';
import type { AdminDevice, DeviceSettingView } from '../../../shared/admin';
import { call } from '../../api/client';
import { adminCall, issuesOf } from './tab-form';

type PatchValue = boolean | string | number | null;

/** Settings that are not on/off, with the values Windows offers for them. */
const choices: Record<string, readonly string[]> = {
  doNotRequireCtrlAltDel: ['notConfigured', 'enabled', 'disabled'],
  dontDisplayLockedUserId: ['notSet', '1', '2', '3'],
  remoteSession: ['none', 'remoteDesktop', 'enhancedSession'],
};

function choiceOf(field: string, value: DeviceSettingView['value']): string {
  if (field === 'dontDisplayLockedUserId') return value === null ? 'notSet' : String(value);
  return String(value);
}

function valueOfChoice(field: string, choice: string): PatchValue {
  if (field === 'dontDisplayLockedUserId') return choice === 'notSet' ? null : Number(choice);
  return choice;
}

/**
 * The Device tab (spec §1 Device, §9): the settings pane's equivalent of the AllowPasswordReset
 * registry value, with every setting that hides the link, the kiosk options and where the secrets
 * sit. Each change is sent at once; the lock screen reads the same row, so it shows there at once.
 */
export function DeviceTab() {
  const { t } = useTranslation();
  const [device, setDevice] = useState<AdminDevice | null>(null);
  const [busyField, setBusyField] = useState<string | null>(null);
  const [problem, setProblem] = useState<{ field: string; messages: string[] } | null>(null);
  const [changed, setChanged] = useState<string | null>(null);

  useEffect(() => {
    let current = true;
    adminCall(() => call('admin.device.get', {})).then(
      (view) => current && setDevice(view),
      (error: unknown) => current && setProblem({ field: '', messages: issuesOf(error).map((issue) => issue.message) }),
    );
    return () => {
      current = false;
    };
  }, []);

  async function change(field: string, value: PatchValue) {
    setBusyField(field);
    setProblem(null);
    setChanged(null);
    try {
      setDevice(await adminCall(() => call('admin.device.set', { patch: { [field]: value } })));
      setChanged(field);
    } catch (error) {
      setProblem({ field, messages: issuesOf(error).map((issue) => issue.message) });
    } finally {
      setBusyField(null);
    }
  }

  if (!device) {
    return problem ? (
      <Problem messages={problem.messages} />
    ) : (
      <Spinner label={t('admin.loading')} className="admin-loading" />
    );
  }

  const field = (name: string) => t(`admin.device.fields.${name}`);
  const busy = busyField !== null;
  const link = device.resetLink;

  return (
    <div className="admin-tab" data-testid="admin-device">
      <h2 className="admin-tab-title">{t('admin.tabs.device')}</h2>
      <p className="admin-tab-description">{t('admin.device.description')}</p>

      <section
        className={`admin-link-status ${link.available ? 'is-shown' : 'is-hidden'}`}
        aria-labelledby="admin-link-status"
        data-testid="admin-link-status"
        data-available={link.available}
      >
        <h3 id="admin-link-status">
          {link.available
            ? link.showAlways
              ? t('admin.device.linkAlways')
              : t('admin.device.linkShown')
            : t('admin.device.linkHidden', { count: link.blockers.length })}
        </h3>
        {!link.available && (
          <ul>
            {link.blockers.map((blocker) => (
              <li key={blocker}>{t(`session.diagnostic.blockers.${blocker}.title`)}</li>
            ))}
          </ul>
        )}
        {link.warnings.includes('noDomainController') && <p>{t('session.diagnostic.noDomainController')}</p>}
      </section>

      {problem && <Problem messages={problem.messages} field={problem.field ? field(problem.field) : undefined} />}
      {changed && (
        <MessageBar intent="success" data-testid="admin-saved">
          <MessageBarBody>{t('admin.device.applied', { setting: field(changed) })}</MessageBarBody>
        </MessageBar>
      )}

      <h3 className="admin-section-title">{t('admin.device.resetSection')}</h3>
      <SettingCard
        title={field('allowPasswordReset')}
        setting={device.allowPasswordReset}
        control={
          <Switch
            checked={device.allowPasswordReset.value === true}
            disabled={busy}
            label={device.allowPasswordReset.value === true ? t('admin.on') : t('admin.off')}
            aria-label={field('allowPasswordReset')}
            onChange={(_, data) => void change('allowPasswordReset', data.checked)}
          />
        }
      />

      <h3 className="admin-section-title">{t('admin.device.machineSection')}</h3>
      <div className="admin-cards">
        <TextSetting
          label={field('name')}
          value={device.name}
          busy={busy}
          onApply={(value) => void change('name', value)}
        />
        <div className="admin-card">
          <Field label={field('joinType')}>
            <Dropdown
              value={t(`admin.device.joinTypes.${device.joinType}`)}
              selectedOptions={[device.joinType]}
              disabled={busy}
              onOptionSelect={(_, data) => data.optionValue && void change('joinType', data.optionValue)}
            >
              {(['entra-joined', 'hybrid-joined', 'workgroup'] as const).map((joinType) => (
                <Option key={joinType} value={joinType}>
                  {t(`admin.device.joinTypes.${joinType}`)}
                </Option>
              ))}
            </Dropdown>
          </Field>
        </div>
        <TextSetting
          label={field('osVersion')}
          hint={t('admin.device.osHint')}
          value={device.osVersion}
          busy={busy}
          badge={
            device.osOlderThan1803 ? (
              <Badge color="danger" appearance="tint">
                {t('admin.device.osTooOld')}
              </Badge>
            ) : undefined
          }
          onApply={(value) => void change('osVersion', value)}
        />
        {device.joinType === 'hybrid-joined' && (
          <div className="admin-card">
            <Switch
              checked={device.domainControllerReachable}
              disabled={busy}
              label={field('domainControllerReachable')}
              onChange={(_, data) => void change('domainControllerReachable', data.checked)}
            />
          </div>
        )}
        <TextSetting
          label={field('lastUserUpn')}
          hint={t('admin.device.lastUserHint')}
          value={device.lastUserUpn ?? ''}
          busy={busy}
          onApply={(value) => void change('lastUserUpn', value.trim() || null)}
        />
      </div>

      <h3 className="admin-section-title">{t('admin.device.interferingSection')}</h3>
      <p className="admin-note">{t('admin.device.interferingNote')}</p>
      <div className="admin-cards" data-testid="admin-interfering">
        {device.interfering.map((setting) => (
          <SettingCard
            key={setting.field}
            title={field(setting.field)}
            setting={setting}
            control={
              choices[setting.field] ? (
                <Dropdown
                  aria-label={field(setting.field)}
                  value={t(`admin.device.choices.${setting.field}.${choiceOf(setting.field, setting.value)}`)}
                  selectedOptions={[choiceOf(setting.field, setting.value)]}
                  disabled={busy}
                  onOptionSelect={(_, data) =>
                    data.optionValue && void change(setting.field, valueOfChoice(setting.field, data.optionValue))
                  }
                >
                  {(choices[setting.field] ?? []).map((choice) => (
                    <Option key={choice} value={choice}>
                      {t(`admin.device.choices.${setting.field}.${choice}`)}
                    </Option>
                  ))}
                </Dropdown>
              ) : (
                <Switch
                  checked={setting.value === true}
                  disabled={busy}
                  label={setting.value === true ? t('admin.on') : t('admin.off')}
                  aria-label={field(setting.field)}
                  onChange={(_, data) => void change(setting.field, data.checked)}
                />
              )
            }
          />
        ))}
      </div>

      <h3 className="admin-section-title">{t('admin.device.kioskSection')}</h3>
      {device.launchedAsKiosk && (
        <MessageBar intent="info">
          <MessageBarBody>{t('admin.device.launchedAsKiosk')}</MessageBarBody>
        </MessageBar>
      )}
      <div className="admin-cards">
        {(['alwaysShowResetLink', 'fullscreen', 'trainingPanel', 'captcha'] as const).map((option) => (
          <div className="admin-card" key={option}>
            <Switch
              checked={device.kioskOptions[option]}
              disabled={busy}
              label={field(option)}
              onChange={(_, data) => void change(option, data.checked)}
            />
            <p className="admin-card-hint">{t(`admin.device.kioskHints.${option}`)}</p>
          </div>
        ))}
      </div>

      <h3 className="admin-section-title">{t('admin.device.secretsSection')}</h3>
      <div className="admin-card" data-testid="admin-vault">
        <p className="admin-inline">
          <Badge appearance="filled" color={device.vault.backend === 'keychain' ? 'success' : 'warning'}>
            {t(`admin.device.vault.${device.vault.backend}`)}
          </Badge>
          <span>{device.vault.detail}</span>
        </p>
        <p className="admin-card-hint">{t('admin.device.deviceId', { id: device.deviceId })}</p>
      </div>
    </div>
  );
}

function Problem({ messages, field }: { messages: string[]; field?: string | undefined }) {
  const { t } = useTranslation();
  return (
    <MessageBar intent="error" data-testid="admin-refused" layout="multiline">
      <MessageBarBody>
        <MessageBarTitle>
          {field ? t('admin.device.refused', { setting: field }) : t('admin.form.refused')}
        </MessageBarTitle>
        {messages.join(' ')}
      </MessageBarBody>
    </MessageBar>
  );
}

/** Where Windows keeps a setting: its group policy, and the registry value with the data it would hold. */
function Location({ setting }: { setting: DeviceSettingView }) {
  const { t } = useTranslation();
  const { policy, path, valueName } = setting.location;
  return (
    <div className="admin-location">
      {policy && <span className="admin-location-policy">{policy}</span>}
      {path && valueName && (
        <code className="admin-registry">
          {path}\<strong>{valueName}</strong> ={' '}
          {setting.registryData === null ? t('admin.device.notSet') : String(setting.registryData)}
        </code>
      )}
    </div>
  );
}

/** One setting as Windows 11's Settings app draws it: name, where it lives, whether it hides the link, and its control. */
function SettingCard({ title, setting, control }: { title: string; setting: DeviceSettingView; control: ReactNode }) {
  const { t } = useTranslation();
  return (
    <div className="admin-card admin-setting" data-field={setting.field} data-active={setting.active}>
      <div className="admin-setting-text">
        <span className="admin-setting-title">
          {title}
          {setting.active && (
            <Badge appearance="tint" color="danger" className="admin-setting-badge">
              {t('admin.device.hidesLink')}
            </Badge>
          )}
        </span>
        <Location setting={setting} />
      </div>
      <div className="admin-setting-control">{control}</div>
    </div>
  );
}

/** A text setting applied with its own button, so nothing is sent while it is typed. */
function TextSetting({
  label,
  hint,
  value,
  busy,
  badge,
  onApply,
}: {
  label: string;
  hint?: string;
  value: string;
  busy: boolean;
  badge?: ReactNode;
  onApply: (value: string) => void;
}) {
  const { t } = useTranslation();
  const [text, setText] = useState(value);
  const [shown, setShown] = useState(value);
  if (shown !== value) {
    setShown(value);
    setText(value);
  }
  return (
    <div className="admin-card">
      <Field label={label} hint={hint}>
        <span className="admin-inline">
          <Input
            value={text}
            onChange={(_, data) => setText(data.value)}
            onKeyDown={(event) => {
              if (event.key === 'Enter' && text !== value) onApply(text);
            }}
          />
          <Button disabled={busy || text === value} onClick={() => onApply(text)}>
            {t('admin.apply')}
          </Button>
          {badge}
        </span>
      </Field>
    </div>
  );
}
