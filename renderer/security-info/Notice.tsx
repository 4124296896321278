import { useTranslation } from 'react-i18next';
import { useSecurityInfo } from './store';
import { isProblem, noticeText } from './wording';

/**
 * What the main process said about the last call, in plain words, where a screen reader hears it;
 * or the refusal of a call that never reached the service. `issues` are worded by their fields.
 */
export function Notice() {
  const { t } = useTranslation();
  const notice = useSecurityInfo((state) => state.info?.notice ?? null);
  const failure = useSecurityInfo((state) => state.failure);
  const words = failure ? t(`errors.${failure}`) : notice ? noticeText(t, notice) : null;
  const problem = failure !== null || (notice !== null && isProblem(notice));
  return (
    <div
      className={`si-notice${problem ? ' si-notice-problem' : ''}`}
      role="status"
      aria-live="polite"
      data-testid="si-notice"
    >
      {words && <p>{words}</p>}
    </div>
  );
}
