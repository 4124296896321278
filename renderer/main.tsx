import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { setUpI18n } from './i18n';
import { App } from './app/App';
import { useAppStore } from './app/store';
import './styles.css';

const languageReady = setUpI18n();
// Takes the answers boot.ts asked for while this bundle loaded (or asks now, if it could not).
void useAppStore.getState().load();

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
// The first screen is drawn in the user's language, never in English first; boot.ts fetched it early.
void languageReady.then(() =>
  createRoot(root).render(
    <StrictMode>
      <div className="app-root">
        <App />
      </div>
    </StrictMode>,
  ),
);
