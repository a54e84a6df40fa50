import '@grantkit/react/styles.css';
import './app.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';

// ?user=ann or ?user=bob: which seeded user this tab signs in as (your auth decides this).
const userId = new URLSearchParams(window.location.search).get('user') ?? 'bob';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App userId={userId} />
  </StrictMode>,
);
