/**
 * DEV ONLY. The demo's webhook receiver (MODEL W6): the start script registers a webhook of
 * the demo tenant to `POST /dev/webhook` on the demo's own API server; each delivery is
 * checked with `verifyWebhook` and kept in memory (newest first, at most 200). Tenant admins
 * read the log with `GET /dev/webhook/log` (the Webhooks page). A real receiver
 * de-duplicates by the event id, as this one marks repeats.
 */
import { verifyWebhook } from '@grantkit/server';

/** One delivery as received. */
export interface Delivery {
  readonly eventId: string;
  readonly receivedAt: number;
  /** The signature and timestamp checked out (`verifyWebhook`). */
  readonly verified: boolean;
  /** Why not, when not verified. */
  readonly reason?: string;
  /** An event id seen before (at-least-once delivery: de-duplicate by it). */
  readonly repeat: boolean;
  readonly event: unknown;
}

export const RECEIVER_PATH = '/dev/webhook';
const MAX = 200;

const json = (status: number, body: unknown): Response =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
  });

/**
 * Wraps `app` with the receiver (`POST /dev/webhook`) and its log (`GET /dev/webhook/log`,
 * for those `mayRead` accepts). `secret()` is the registered webhook's secret.
 *
 * @example
 * ```ts
 * const handler = withWebhookReceiver(app, () => secret, isTenantAdmin);
 * ```
 */
export function withWebhookReceiver(
  app: { fetch(request: Request): Promise<Response> },
  secret: () => string | undefined,
  mayRead: (request: Request) => Promise<boolean> | boolean,
): { fetch(request: Request): Promise<Response>; deliveries: Delivery[] } {
  const deliveries: Delivery[] = [];
  const seen = new Set<string>();
  return {
    deliveries,
    async fetch(request) {
      const { pathname } = new URL(request.url);
      if (pathname === RECEIVER_PATH && request.method === 'POST') {
        const body = await request.text();
        const key = secret();
        const check =
          key === undefined
            ? ({ ok: false, reason: 'no webhook registered' } as const)
            : verifyWebhook(key, request.headers, body);
        let event: unknown = null;
        try {
          event = JSON.parse(body);
        } catch {}
        const eventId = check.ok
          ? check.eventId
          : (request.headers.get('x-grantkit-event-id') ?? '');
        deliveries.unshift({
          eventId,
          receivedAt: Date.now(),
          verified: check.ok,
          ...(check.ok ? {} : { reason: check.reason }),
          repeat: seen.has(eventId),
          event,
        });
        seen.add(eventId);
        deliveries.length = Math.min(deliveries.length, MAX);
        // a delivery that does not verify is refused, as a real receiver would
        return check.ok ? json(200, { ok: true }) : json(401, { ok: false });
      }
      if (pathname === `${RECEIVER_PATH}/log` && request.method === 'GET') {
        if (!(await mayRead(request)))
          return json(403, { error: { code: 'forbidden', message: 'tenant admins only' } });
        return json(200, { deliveries });
      }
      return app.fetch(request);
    },
  };
}

/**
 * Registers the demo's webhook (every action) to `url` through the server's own API as
 * `token`'s tenant admin, removing earlier ones to the receiver (the port changes per
 * start). Resolves the secret, shown once.
 *
 * @example
 * ```ts
 * const secret = await registerWebhook(api.url, `${api.url}/dev/webhook`, auth.sign({ tenant: 'acme', userId: 'sam' }));
 * ```
 */
export async function registerWebhook(base: string, url: string, token: string): Promise<string> {
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const list = await fetch(`${base}/webhooks`, { headers });
  if (list.ok)
    for (const h of (await list.json()) as { id: string; url: string }[])
      if (h.url.endsWith(RECEIVER_PATH))
        await fetch(`${base}/webhooks/${encodeURIComponent(h.id)}`, {
          method: 'DELETE',
          headers,
        });
  const res = await fetch(`${base}/webhooks`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ url }),
  });
  if (!res.ok) throw new Error(`registering the demo webhook answered ${res.status}`);
  return ((await res.json()) as { secret: string }).secret;
}
