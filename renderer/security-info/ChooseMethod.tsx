import { useState } from 'react';
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
  type DialogProps,
  Select,
} from '@fluentui/react-components';
import type { MethodKind } from '../../shared/policy';

interface ChooseProps {
  kinds: MethodKind[];
  current: MethodKind | null;
  onChoose(kind: MethodKind): void;
  onClose(): void;
  title?: string;
}

/** "Which method would you like to use?": the kinds the user may still add, inside a dialog surface. */
export function ChooseMethodForm({ kinds, current, onChoose, onClose, title }: ChooseProps) {
  const { t } = useTranslation();
  const [picked, setPicked] = useState<MethodKind | ''>('');
  const value = picked && kinds.includes(picked) ? picked : (current ?? kinds[0] ?? '');
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        if (value) onChoose(value);
      }}
    >
      <DialogBody>
        <DialogTitle>{title ?? t('securityInfo.wizard.chooseTitle')}</DialogTitle>
        <DialogContent>
          <Field label={t('securityInfo.wizard.chooseLabel')}>
            <Select
              value={value}
              onChange={(_, data) => setPicked(data.value as MethodKind)}
              data-testid="choose-method"
            >
              {kinds.map((kind) => (
                <option key={kind} value={kind}>
                  {t(`securityInfo.kinds.${kind}`)}
                </option>
              ))}
            </Select>
          </Field>
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose}>{t('securityInfo.cancel')}</Button>
          <Button type="submit" appearance="primary" disabled={!value}>
            {t('securityInfo.wizard.confirm')}
          </Button>
        </DialogActions>
      </DialogBody>
    </form>
  );
}

/** The wizard's "I want to set up a different method" dialog. */
export function ChooseMethod({
  open,
  surfaceMotion,
  ...props
}: ChooseProps & { open: boolean; surfaceMotion: DialogProps['surfaceMotion'] }) {
  return (
    <Dialog open={open} surfaceMotion={surfaceMotion} onOpenChange={(_, data) => !data.open && props.onClose()}>
      <DialogSurface aria-describedby={undefined}>
        <ChooseMethodForm {...props} />
      </DialogSurface>
    </Dialog>
  );
}
