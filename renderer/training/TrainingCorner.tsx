import { lazy, Suspense, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../api/client';
import { useAppStore } from '../app/store';

// The panel (and what it shows) loads only when a trainer opens it.
const TrainingPanel = lazy(() => import('./TrainingPanel').then((module) => ({ default: module.TrainingPanel })));

/**
 * The "Training devices" button at the lock screen's corner, in training rooms only: never in kiosk
 * mode, and only when the main process says the device's training panel is on.
 */
export function TrainingCorner({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  const { t } = useTranslation();
  const kiosk = useAppStore((state) => (state.info?.kiosk ?? true) || (state.lockScreen?.kiosk ?? true));
  const [enabled, setEnabled] = useState(false);
  const panelId = useId();

  useEffect(() => {
    if (kiosk) return;
    let current = true;
    call('training.state', {})
      .then((state) => {
        if (current) setEnabled(state.enabled);
      })
      .catch(() => undefined);
    return () => {
      current = false;
    };
  }, [kiosk]);

  if (kiosk || !enabled) return null;
  return (
    <>
      <button
        type="button"
        className="button training-toggle"
        aria-expanded={open}
        aria-controls={open ? panelId : undefined}
        onClick={() => onOpenChange(!open)}
      >
        {t('training.toggle')}
      </button>
      {open && (
        <Suspense fallback={null}>
          <TrainingPanel id={panelId} onClose={() => onOpenChange(false)} />
        </Suspense>
      )}
    </>
  );
}
