import { useEffect, useRef, useState, type CSSProperties } from 'react';
import { useAppStore } from '../app/store';
import { ResetWizard } from '../reset-wizard/ResetWizard';
import { useResetFlow } from '../reset-wizard/flow-store';
import { TrainingCorner } from '../training/TrainingCorner';

/**
 * §7 with P2: a signed-in user at high risk verifies with an MFA method and chooses a new password
 * before the desktop. The main process started the flow (past "who are you") and named it in the
 * session; this screen shows it in the reset wizard. When the wizard closes, the session is asked
 * again: remediated, the user moves on; cancelled or stopped, the user is signed out, since the
 * desktop stays out of reach until it is done.
 */
export function RiskRemediation({ flowId }: { flowId: string }) {
  const lockScreen = useAppStore((state) => state.lockScreen);
  const refreshSession = useAppStore((state) => state.refreshSession);
  const signOut = useAppStore((state) => state.signOut);
  const adoptFlow = useResetFlow((state) => state.adoptFlow);
  const isOpen = useResetFlow((state) => state.isOpen);
  const [trainingOpen, setTrainingOpen] = useState(false);
  const wasOpen = useRef(false);

  useEffect(() => {
    void adoptFlow(flowId);
  }, [adoptFlow, flowId]);

  useEffect(() => {
    if (isOpen) {
      wasOpen.current = true;
      return;
    }
    if (!wasOpen.current) return;
    wasOpen.current = false;
    void (async () => {
      await refreshSession();
      if (useAppStore.getState().session.next?.step === 'riskRemediation') await signOut();
    })();
  }, [isOpen, refreshSession, signOut]);

  const style = lockScreen
    ? ({
        '--brand-accent': lockScreen.branding.accentColor,
        '--brand-background': lockScreen.branding.backgroundColor,
      } as CSSProperties)
    : undefined;
  return (
    <main className={`lock-screen${trainingOpen ? ' training-open' : ''}`} style={style} data-testid="risk-remediation">
      {isOpen && <ResetWizard purpose="riskRemediation" />}
      {lockScreen && !lockScreen.kiosk && <TrainingCorner open={trainingOpen} onOpenChange={setTrainingOpen} />}
    </main>
  );
}
