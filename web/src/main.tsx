import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { loadConfig } from './api/config';
import { getLang, t } from './i18n';
import './styles.css';

const root = document.getElementById('root')!;
document.documentElement.lang = getLang();

// The API base comes from /config.json; render only once it is known.
loadConfig()
  .then(() => {
    createRoot(root).render(
      <StrictMode>
        <App />
      </StrictMode>,
    );
  })
  .catch((e: unknown) => {
    console.error(e);
    root.innerHTML = '';
    const p = document.createElement('p');
    p.className = 'boot-error';
    p.textContent = t('error.config');
    root.appendChild(p);
  });
