import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Badge, Button, MessageBar, MessageBarBody, Spinner } from '@fluentui/react-components';
import type { ScenarioPackView } from '../../../shared/scenarios';
import { consoleCall } from '../tables/consoleCall';
import { ConfirmPanel } from '../tables/InlinePanel';
import { LiveNotice, type Notice } from '../tables/LiveNotice';
import { failureMessage, useLoaded } from '../tables/useCall';
import '../tables/tables.css';
import './scenarios.css';

/**
 * Training scenarios (issue 8): the packs shipped with the app, each with its trainer's note (what to
 * try, what should happen, why). Loading one replaces everything on this device; the renderer names
 * the pack only, never a file. The console then reads the new lab's tenants (`onLoaded`).
 */
export function ScenariosPage({ onLoaded }: { onLoaded(): void }) {
  const { t } = useTranslation();
  const [packs] = useLoaded(() => consoleCall('admin.scenarios.list', {}), []);
  const [confirming, setConfirming] = useState<ScenarioPackView | null>(null);
  const [loading, setLoading] = useState<ScenarioPackView | null>(null);
  // The result is told beside the pack's own Load button, where the focus returns after the confirmation.
  const [notice, setNotice] = useState<{ packId: string; notice: Notice } | null>(null);

  async function load(pack: ScenarioPackView) {
    setLoading(pack);
    setNotice(null);
    try {
      const result = await consoleCall('admin.scenarios.load', { packId: pack.id });
      setNotice({
        packId: pack.id,
        notice: { intent: 'success', text: t('adminPages.scenarios.loaded', { ...result, count: result.users }) },
      });
      onLoaded();
    } catch (error) {
      setNotice({
        packId: pack.id,
        notice: { intent: 'error', text: t('adminPages.scenarios.failed', { message: failureMessage(error) }) },
      });
    } finally {
      setLoading(null);
    }
  }

  return (
    <section className="ap-page" aria-labelledby="admin-scenarios-heading" data-testid="admin-scenarios">
      <div className="ap-page-header">
        <h2 id="admin-scenarios-heading">{t('adminPages.scenarios.title')}</h2>
      </div>
      <p className="ap-lead">{t('adminPages.scenarios.lead')}</p>
      {packs.status === 'loading' && <Spinner size="small" label={t('adminPages.loading')} />}
      {packs.status === 'failed' && (
        <MessageBar intent="error">
          <MessageBarBody>{packs.message}</MessageBarBody>
        </MessageBar>
      )}
      {packs.status === 'ready' && (
        <ul className="ap-scenarios" aria-label={t('adminPages.scenarios.title')}>
          {packs.value.map((pack) => (
            <li key={pack.id} className="ap-card ap-scenario" data-testid={`scenario-${pack.id}`}>
              <PackCard
                pack={pack}
                busy={loading !== null}
                onLoad={() => {
                  setNotice(null);
                  setConfirming(pack);
                }}
              />
              {confirming?.id === pack.id && (
                <ConfirmPanel
                  title={t('adminPages.scenarios.confirmTitle', { name: pack.name })}
                  body={t('adminPages.scenarios.confirmBody')}
                  confirmLabel={t('adminPages.scenarios.confirm')}
                  busy={loading !== null}
                  onConfirm={() => void load(pack)}
                  onClose={() => setConfirming(null)}
                  testId="admin-scenarios-confirm"
                />
              )}
              {loading?.id === pack.id && (
                <Spinner size="small" label={t('adminPages.scenarios.loading', { name: pack.name })} />
              )}
              <LiveNotice
                notice={notice?.packId === pack.id ? notice.notice : null}
                testId={`scenario-${pack.id}-notice`}
              />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function PackCard({ pack, busy, onLoad }: { pack: ScenarioPackView; busy: boolean; onLoad(): void }) {
  const { t } = useTranslation();
  const headingId = `scenario-${pack.id}-name`;
  const note = pack.trainerNote;
  return (
    <article aria-labelledby={headingId}>
      <div className="ap-page-header">
        <h3 id={headingId} className="ap-panel-title">
          {pack.name}
        </h3>
        {pack.error === null ? (
          <Badge appearance="tint" color="informative">
            {t('adminPages.scenarios.counts', { tenants: pack.tenants, count: pack.users })}
          </Badge>
        ) : (
          <Badge appearance="tint" color="danger">
            {t('adminPages.scenarios.broken')}
          </Badge>
        )}
      </div>
      {pack.description && <p className="ap-lead">{pack.description}</p>}
      {pack.error !== null && (
        <MessageBar intent="error">
          <MessageBarBody>{pack.error}</MessageBarBody>
        </MessageBar>
      )}
      {note && (
        <div className="ap-trainer-note" data-testid="scenario-note">
          <h4>{t('adminPages.scenarios.try')}</h4>
          <ol>
            {note.try.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ol>
          <h4>{t('adminPages.scenarios.expect')}</h4>
          <ul>
            {note.expect.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
          <h4>{t('adminPages.scenarios.why')}</h4>
          <p>{note.why}</p>
        </div>
      )}
      <div className="ap-toolbar">
        <Button
          appearance="secondary"
          disabled={busy || pack.error !== null}
          onClick={onLoad}
          aria-label={t('adminPages.scenarios.loadNamed', { name: pack.name })}
        >
          {t('adminPages.scenarios.load')}
        </Button>
      </div>
    </article>
  );
}
