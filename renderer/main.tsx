import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { setUpI18n } from './i18n';
import { App } from './app/App';
import { useAppStore } from './app/store';
import './styles.css';

setUpI18n();
// Ask the main process for the lock screen while React sets up, not after its first render.
void useAppStore.getState().load();

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <div className="app-root">
      <App />
    </div>
  </StrictMode>,
);
