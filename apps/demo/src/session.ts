/**
 * The signed-in session (kept per tab in sessionStorage) and the Grantkit client options for it.
 * While a super admin views as someone, the client asks the server for that user's
 * snapshot (`?viewAs=` on `/grants` and the stream) and keeps nothing in storage.
 */
import type { GrantkitClientOptions } from '@grantkit/sdk';
import { crossTab } from '@grantkit/sdk/cross-tab';
import { explainTexts } from '@grantkit/sdk/explain';
import { persist } from '@grantkit/sdk/persist';
import { API_BASE } from './api';
import { activityFor } from './components/BellActivity';
import { DEMO_TENANT } from './seed';

export interface Session {
  readonly userId: string;
  readonly token: string;
  /** The user a super admin is viewing as (MODEL A11). */
  readonly viewAs?: string | undefined;
}

const KEY = 'grantkit-demo:session';

export function loadSession(): Session | null {
  try {
    const raw = sessionStorage.getItem(KEY);
    const s = raw === null ? null : (JSON.parse(raw) as Partial<Session>);
    return typeof s?.userId === 'string' && typeof s.token === 'string'
      ? { userId: s.userId, token: s.token, viewAs: s.viewAs }
      : null;
  } catch {
    return null;
  }
}

export function saveSession(session: Session | null): void {
  if (session === null) sessionStorage.removeItem(KEY);
  else sessionStorage.setItem(KEY, JSON.stringify(session));
}

/** Adds `viewAs` to the client's requests of `/grants` and `/grants/stream`. */
function viewingAs(viewAs: string): typeof fetch {
  return (input, init) => {
    const url = new URL(
      typeof input === 'string' ? input : input instanceof URL ? input.href : input.url,
      location.origin,
    );
    url.searchParams.set('viewAs', viewAs);
    return fetch(url.pathname + url.search, init);
  };
}

/** The options of a session's client (`<GrantkitProvider options>` creates and owns it). */
export function clientOptionsFor(session: Session): GrantkitClientOptions {
  const { viewAs } = session;
  return {
    baseUrl: API_BASE,
    tenant: DEMO_TENANT,
    userId: session.userId,
    getToken: () => session.token,
    // The demo explains every answer in full; viewing as someone shares and keeps nothing.
    ...(viewAs === undefined
      ? { plugins: [crossTab(), persist(), explainTexts(), activityFor(session)!] }
      : { fetch: viewingAs(viewAs), plugins: [explainTexts()] }),
  };
}
