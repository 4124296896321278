import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Field,
  Link,
  Select,
  Spinner,
} from '@fluentui/react-components';
import type { MethodKind } from '../../shared/policy';
import type { RegisteredMethod } from '../../shared/security-info';
import { useAppStore } from '../app/store';
import { Frame } from './Frame';
import { KindIcon } from './KindIcon';
import { Notice } from './Notice';
import { Setup } from './Setup';
import { useSecurityInfo } from './store';
import { useDialog } from './useDialog';
import { defaultSignIn, kindsToAdd, methodDetail } from './wording';

/** Adding (kind chosen next, or already) or changing one registration. */
type Editing = { kind: MethodKind | null; replaces: number | null };

/**
 * "Security info" as on My Sign-Ins (§7): the default sign-in method, each registered method with
 * Change and Delete, and "+ Add sign-in method" with the kinds the tenant allows. Adding or changing
 * opens its setup in the page rather than in a modal, so the training devices stay at hand while a
 * code arrives or a phone rings. Every change is proven and decided in the main process.
 */
export function SecurityInfoPage({ onClose }: { onClose(): void }) {
  const { t } = useTranslation();
  const info = useSecurityInfo((state) => state.info);
  const failure = useSecurityInfo((state) => state.failure);
  const load = useSecurityInfo((state) => state.load);
  const send = useSecurityInfo((state) => state.send);
  const clearNotice = useSecurityInfo((state) => state.clearNotice);
  const refreshSession = useAppStore((state) => state.refreshSession);
  const heading = useRef<HTMLHeadingElement>(null);
  const [editing, setEditing] = useState<Editing | null>(null);
  const deleter = useDialog<RegisteredMethod>(() => heading.current);
  const deleting = deleter.content;
  const setupHeadingId = useId();
  const deleteHeadingId = useId();

  useEffect(() => {
    void load();
    heading.current?.focus();
  }, [load]);

  // Whatever changed here may change what the session needs next (§7: registration, reconfirmation).
  function close() {
    void refreshSession();
    onClose();
  }

  function edit(next: Editing) {
    clearNotice();
    setEditing(next);
  }

  function finishEditing() {
    setEditing(null);
    heading.current?.focus();
  }

  async function cancelEditing() {
    const pendingId = info?.pending?.pendingId ?? null;
    finishEditing();
    if (pendingId) await send('securityInfo.cancelPending', { pendingId });
  }

  async function remove(method: RegisteredMethod) {
    deleter.hide();
    await send('securityInfo.remove', { methodId: method.methodId });
  }

  const canAdd = info ? kindsToAdd(info) : [];
  const defaultMethod = info ? defaultSignIn(t, info) : null;

  return (
    <Frame
      title={t('securityInfo.page.title')}
      testId="security-info-page"
      headerAction={
        <Button appearance="subtle" onClick={close}>
          {t('securityInfo.page.back')}
        </Button>
      }
    >
      <div className="si-content">
        <h1 ref={heading} tabIndex={-1} className="si-title">
          {t('securityInfo.page.title')}
        </h1>
        <p className="si-subtitle">{t('securityInfo.page.lead')}</p>
        {!info ? (
          <div className="si-loading">
            {failure ? <p role="alert">{t(`errors.${failure}`)}</p> : <Spinner label={t('securityInfo.loading')} />}
          </div>
        ) : editing ? (
          <section className="si-panel" aria-labelledby={setupHeadingId} data-testid="security-info-editor">
            {editing.kind === null ? (
              <ChooseKind
                kinds={canAdd}
                headingId={setupHeadingId}
                onChoose={(kind) => edit({ kind, replaces: null })}
                onCancel={finishEditing}
              />
            ) : (
              <Setup
                key={`${editing.kind}:${editing.replaces ?? 'new'}`}
                kind={editing.kind}
                replaces={editing.kind === 'securityQuestions' ? null : editing.replaces}
                headingId={setupHeadingId}
                onDone={finishEditing}
                onCancel={() => void cancelEditing()}
              />
            )}
          </section>
        ) : (
          <>
            <Notice />
            <p className="si-default" data-testid="default-method">
              <span className="si-label">{t('securityInfo.defaultMethod.label')}</span>{' '}
              {defaultMethod ?? t('securityInfo.defaultMethod.none')}
            </p>
            <p className="si-counts" data-testid="method-counts">
              {info.methodsUsable >= info.methodsRequired
                ? t('securityInfo.page.enough', { count: info.methodsUsable })
                : t('securityInfo.page.notEnough', { usable: info.methodsUsable, required: info.methodsRequired })}
            </p>
            <Button
              appearance="transparent"
              className="si-add"
              icon={<span aria-hidden>+</span>}
              disabled={canAdd.length === 0}
              onClick={() => edit({ kind: null, replaces: null })}
            >
              {t('securityInfo.page.add')}
            </Button>
            {info.methods.length === 0 ? (
              <p className="si-empty">{t('securityInfo.page.none')}</p>
            ) : (
              <ul className="si-methods" aria-label={t('securityInfo.page.listLabel')}>
                {info.methods.map((method) => (
                  <MethodRow
                    key={method.methodId}
                    method={method}
                    canChange={info.allowedKinds.includes(method.kind)}
                    onChange={() => edit({ kind: method.kind, replaces: method.methodId })}
                    onDelete={() => deleter.show(method)}
                  />
                ))}
              </ul>
            )}
          </>
        )}
      </div>

      {deleting && (
        <Dialog
          open={deleter.open}
          surfaceMotion={deleter.surfaceMotion}
          onOpenChange={(_, data) => !data.open && deleter.hide()}
        >
          <DialogSurface aria-labelledby={deleteHeadingId}>
            <DialogBody>
              <DialogTitle id={deleteHeadingId}>
                {t('securityInfo.page.deleteTitle', { kind: t(`securityInfo.kinds.${deleting.kind}`) })}
              </DialogTitle>
              <DialogContent>{t('securityInfo.page.deleteBody')}</DialogContent>
              <DialogActions>
                <Button onClick={deleter.hide}>{t('securityInfo.cancel')}</Button>
                <Button appearance="primary" onClick={() => void remove(deleting)}>
                  {t('securityInfo.page.deleteConfirm')}
                </Button>
              </DialogActions>
            </DialogBody>
          </DialogSurface>
        </Dialog>
      )}
    </Frame>
  );
}

function MethodRow({
  method,
  canChange,
  onChange,
  onDelete,
}: {
  method: RegisteredMethod;
  canChange: boolean;
  onChange(): void;
  onDelete(): void;
}) {
  const { t } = useTranslation();
  const kind = t(`securityInfo.kinds.${method.kind}`);
  return (
    <li className="si-method" data-testid="method-row" data-kind={method.kind}>
      <KindIcon kind={method.kind} />
      <span className="si-method-kind">{kind}</span>
      <span className="si-method-detail">{methodDetail(t, method)}</span>
      <span className="si-method-use">{method.usableFor.length === 0 ? t('securityInfo.page.notUsable') : ''}</span>
      <span className="si-method-actions">
        {canChange && (
          <Link as="button" type="button" onClick={onChange}>
            {t('securityInfo.page.change')} <span className="visually-hidden">{kind}</span>
          </Link>
        )}
        <Link as="button" type="button" onClick={onDelete}>
          {t('securityInfo.page.delete')} <span className="visually-hidden">{kind}</span>
        </Link>
      </span>
    </li>
  );
}

/** "Add a method": which kind, among those the tenant allows and the user may still add. */
function ChooseKind({
  kinds,
  headingId,
  onChoose,
  onCancel,
}: {
  kinds: MethodKind[];
  headingId: string;
  onChoose(kind: MethodKind): void;
  onCancel(): void;
}) {
  const { t } = useTranslation();
  const [picked, setPicked] = useState<MethodKind | ''>(kinds[0] ?? '');
  function submit(event: FormEvent) {
    event.preventDefault();
    if (picked) onChoose(picked);
  }
  return (
    <form className="si-form" onSubmit={submit} data-testid="choose-kind">
      <h2 id={headingId} className="si-setup-title">
        {t('securityInfo.page.addTitle')}
      </h2>
      <Field label={t('securityInfo.wizard.chooseLabel')}>
        <Select value={picked} onChange={(_, data) => setPicked(data.value as MethodKind)} autoFocus>
          {kinds.map((kind) => (
            <option key={kind} value={kind}>
              {t(`securityInfo.kinds.${kind}`)}
            </option>
          ))}
        </Select>
      </Field>
      <div className="si-actions">
        <Button onClick={onCancel}>{t('securityInfo.cancel')}</Button>
        <Button type="submit" appearance="primary" disabled={!picked}>
          {t('securityInfo.page.addConfirm')}
        </Button>
      </div>
    </form>
  );
}
