import { useEffect, useId, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Link,
  Spinner,
} from '@fluentui/react-components';
import type { MethodKind } from '../../shared/policy';
import type { RegisteredMethod } from '../../shared/security-info';
import { useAppStore } from '../app/store';
import { Frame } from './Frame';
import { KindIcon } from './KindIcon';
import { Notice } from './Notice';
import { ChooseMethod } from './RegistrationInterrupt';
import { Setup } from './Setup';
import { useSecurityInfo } from './store';
import { useDialog } from './useDialog';
import { defaultSignIn, kindsToAdd, methodDetail } from './wording';

type Editing = { kind: MethodKind; replaces: number | null };

/**
 * "Security info" as on My Sign-Ins (§7): the default sign-in method, each registered method with
 * Change and Delete, and "+ Add sign-in method" with the kinds the tenant allows. Every change is
 * proven and decided in the main process; this page shows what it answers.
 */
export function SecurityInfoPage({ onClose }: { onClose(): void }) {
  const { t } = useTranslation();
  const info = useSecurityInfo((state) => state.info);
  const failure = useSecurityInfo((state) => state.failure);
  const load = useSecurityInfo((state) => state.load);
  const send = useSecurityInfo((state) => state.send);
  const refreshSession = useAppStore((state) => state.refreshSession);
  const chooser = useDialog<true>();
  const editor = useDialog<Editing>();
  const deleter = useDialog<RegisteredMethod>();
  const editing = editor.content;
  const deleting = deleter.content;
  const heading = useRef<HTMLHeadingElement>(null);
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

  async function closeSetup(pendingId: string | null) {
    editor.hide();
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
        ) : (
          <>
            {!editor.open && <Notice />}
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
              onClick={() => chooser.show(true)}
            >
              {t('securityInfo.page.add')}
            </Button>
            {info.methods.length === 0 ? (
              <p className="si-empty">{t('securityInfo.page.none')}</p>
            ) : (
              <ul className="si-methods" aria-label={t('securityInfo.page.listLabel')}>
                {info.methods.map((method) => (
                  <li key={method.methodId} className="si-method" data-testid="method-row" data-kind={method.kind}>
                    <KindIcon kind={method.kind} />
                    <span className="si-method-kind">{t(`securityInfo.kinds.${method.kind}`)}</span>
                    <span className="si-method-detail">{methodDetail(t, method)}</span>
                    <span className="si-method-use">
                      {method.usableFor.length === 0 ? t('securityInfo.page.notUsable') : ''}
                    </span>
                    <span className="si-method-actions">
                      {info.allowedKinds.includes(method.kind) && (
                        <Link
                          as="button"
                          type="button"
                          onClick={() => editor.show({ kind: method.kind, replaces: method.methodId })}
                          aria-label={t('securityInfo.page.changeLabel', {
                            kind: t(`securityInfo.kinds.${method.kind}`),
                          })}
                        >
                          {t('securityInfo.page.change')}
                        </Link>
                      )}
                      <Link
                        as="button"
                        type="button"
                        onClick={() => deleter.show(method)}
                        aria-label={t('securityInfo.page.deleteLabel', {
                          kind: t(`securityInfo.kinds.${method.kind}`),
                        })}
                      >
                        {t('securityInfo.page.delete')}
                      </Link>
                    </span>
                  </li>
                ))}
              </ul>
            )}
          </>
        )}
      </div>

      {chooser.content && (
        <ChooseMethod
          open={chooser.open}
          kinds={canAdd}
          current={null}
          title={t('securityInfo.page.addTitle')}
          onChoose={(kind) => {
            chooser.hide();
            editor.show({ kind, replaces: null });
          }}
          onClose={chooser.hide}
        />
      )}

      {editing && (
        <Dialog
          open={editor.open}
          onOpenChange={(_, data) => {
            if (!data.open) void closeSetup(info?.pending?.pendingId ?? null);
          }}
        >
          <DialogSurface aria-labelledby={setupHeadingId} className="si-dialog">
            <DialogBody>
              <DialogContent>
                {editor.open && (
                  <Setup
                    kind={editing.kind}
                    replaces={editing.kind === 'securityQuestions' ? null : editing.replaces}
                    headingId={setupHeadingId}
                    onDone={editor.hide}
                    onCancel={() => void closeSetup(info?.pending?.pendingId ?? null)}
                  />
                )}
              </DialogContent>
            </DialogBody>
          </DialogSurface>
        </Dialog>
      )}

      {deleting && (
        <Dialog open={deleter.open} onOpenChange={(_, data) => !data.open && deleter.hide()}>
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
