import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createApiClient } from '../src/api/client.ts';
import { loadConfig } from '../src/config.ts';
import { createSessionStore } from '../src/session.ts';
import { App } from './App.tsx';
import { ShopProvider } from './shop-context.tsx';
import './styles.css';

async function boot() {
  const root = document.getElementById('root');
  if (!root) throw new Error('index.html has no #root');
  const config = await loadConfig({
    fetch: (url, init) => window.fetch(url, init),
    buildTimeApiBaseUrl: import.meta.env.VITE_API_BASE_URL,
  });
  const session = createSessionStore(window.sessionStorage);
  const api = createApiClient({ baseUrl: config.apiBaseUrl, session });
  createRoot(root).render(
    <StrictMode>
      <ShopProvider api={api} session={session} apiBaseUrl={config.apiBaseUrl}>
        <App />
      </ShopProvider>
    </StrictMode>,
  );
}

void boot();
