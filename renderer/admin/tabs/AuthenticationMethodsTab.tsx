import { useTranslation } from 'react-i18next';
import { Checkbox, Field, Radio, RadioGroup, Switch, Textarea } from '@fluentui/react-components';
import type { GateMethod } from '../../../shared/policy';
import { gateMethodList } from './lists';
import { NumberInput, TabForm, issueFor, useTabEditor, type TenantTabProps } from './tab-form';
import { methodName } from './reasons';

/** Custom questions are edited one per line; empty lines are not questions. */
function questionLines(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
}

/** Authentication methods (spec §2): which methods, how many to reset, and the security questions. */
export function AuthenticationMethodsTab({ tenant, onSaved }: TenantTabProps) {
  const { t } = useTranslation();
  const methods = tenant.authenticationMethods;
  const editor = useTabEditor(
    tenant,
    {
      methodsAllowed: methods.methodsAllowed,
      methodsRequiredToReset: methods.methodsRequiredToReset,
      questionsRequiredToRegister: methods.questionsRequiredToRegister,
      questionsRequiredToReset: methods.questionsRequiredToReset,
      useBuiltInQuestions: methods.useBuiltInQuestions,
      customQuestions: methods.customQuestions.join('\n'),
    },
    onSaved,
  );
  const { draft, update, state } = editor;
  const { customQuestions, ...rest } = editor.patch;
  const patch = {
    ...rest,
    ...(customQuestions === undefined ? {} : { customQuestions: questionLines(customQuestions) }),
  };
  const questionsOn = draft.methodsAllowed.includes('securityQuestions');

  function toggle(method: GateMethod, on: boolean) {
    const chosen = new Set(draft.methodsAllowed);
    if (on) chosen.add(method);
    else chosen.delete(method);
    update({ methodsAllowed: gateMethodList.filter((candidate) => chosen.has(candidate)) });
  }

  return (
    <TabForm
      title={t('admin.tabs.authenticationMethods')}
      description={<p>{t('admin.authMethods.description')}</p>}
      dirty={editor.dirty}
      state={state}
      onSave={() => void editor.saveChange({ tab: 'authenticationMethods', patch })}
      onDiscard={editor.discard}
    >
      <Field label={t('admin.authMethods.required')} validationMessage={issueFor(state, 'methodsRequiredToReset')}>
        <RadioGroup
          layout="horizontal"
          value={String(draft.methodsRequiredToReset)}
          onChange={(_, data) => update({ methodsRequiredToReset: Number(data.value) })}
        >
          <Radio value="1" label="1" />
          <Radio value="2" label="2" />
        </RadioGroup>
      </Field>
      <fieldset className="admin-fieldset">
        <legend>{t('admin.authMethods.available')}</legend>
        {gateMethodList.map((method) => (
          <Checkbox
            key={method}
            label={methodName(t, method)}
            checked={draft.methodsAllowed.includes(method)}
            onChange={(_, data) => toggle(method, data.checked === true)}
          />
        ))}
        {issueFor(state, 'methodsAllowed') && (
          <p className="admin-field-error" role="alert">
            {issueFor(state, 'methodsAllowed')}
          </p>
        )}
      </fieldset>
      {questionsOn && (
        <fieldset className="admin-fieldset">
          <legend>{t('admin.authMethods.questions')}</legend>
          <Field
            label={t('admin.authMethods.questionsToRegister')}
            hint={t('admin.range', { min: 3, max: 5 })}
            validationMessage={issueFor(state, 'questionsRequiredToRegister')}
          >
            <NumberInput
              value={draft.questionsRequiredToRegister}
              min={3}
              max={5}
              onChange={(value) => update({ questionsRequiredToRegister: value })}
            />
          </Field>
          <Field
            label={t('admin.authMethods.questionsToReset')}
            hint={t('admin.range', { min: 3, max: 5 })}
            validationMessage={issueFor(state, 'questionsRequiredToReset')}
          >
            <NumberInput
              value={draft.questionsRequiredToReset}
              min={3}
              max={5}
              onChange={(value) => update({ questionsRequiredToReset: value })}
            />
          </Field>
          <Switch
            label={t('admin.authMethods.useBuiltIn', { count: methods.builtInQuestions.length })}
            checked={draft.useBuiltInQuestions}
            onChange={(_, data) => update({ useBuiltInQuestions: data.checked })}
          />
          <details className="admin-details">
            <summary>{t('admin.authMethods.showBuiltIn', { count: methods.builtInQuestions.length })}</summary>
            <ol>
              {methods.builtInQuestions.map((question) => (
                <li key={question}>{question}</li>
              ))}
            </ol>
          </details>
          <Field
            label={t('admin.authMethods.custom')}
            hint={t('admin.authMethods.customHint')}
            validationMessage={issueFor(state, 'customQuestions')}
          >
            <Textarea
              value={draft.customQuestions}
              onChange={(_, data) => update({ customQuestions: data.value })}
              resize="vertical"
              rows={4}
            />
          </Field>
        </fieldset>
      )}
    </TabForm>
  );
}
