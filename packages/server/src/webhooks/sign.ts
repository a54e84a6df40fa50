/**
 * Webhook signatures (MODEL W6): HMAC-SHA256 of `${timestamp}.${body}` with the webhook's
 * secret, sent as `x-grantkit-signature: v1=<hex>` with `x-grantkit-timestamp` (seconds)
 * and `x-grantkit-event-id` (stable across retries: de-duplicate by it).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** The headers of a delivery. */
export const WEBHOOK_HEADERS = Object.freeze({
  signature: 'x-grantkit-signature',
  timestamp: 'x-grantkit-timestamp',
  eventId: 'x-grantkit-event-id',
});

/**
 * The `v1=` signature of `body` sent at `timestamp` (seconds since the epoch).
 *
 * @example
 * ```ts
 * signWebhook('whsec_…', 1767225600, '{"id":"acme:1"}'); // 'v1=5f2c…'
 * ```
 */
export function signWebhook(secret: string, timestamp: number, body: string): string {
  return `v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/**
 * Checks a delivery a receiver got: the signature matches and the timestamp is within
 * `toleranceSeconds` (default 300) of now (against replay). Resolves the event id.
 *
 * @example
 * ```ts
 * const ok = verifyWebhook(secret, req.headers, rawBody); // { ok: true, eventId: 'acme:42' }
 * ```
 */
export function verifyWebhook(
  secret: string,
  headers: Headers | Record<string, string | string[] | undefined>,
  body: string,
  options: { toleranceSeconds?: number; now?: number } = {},
): { ok: true; eventId: string } | { ok: false; reason: string } {
  const get = (name: string): string | undefined => {
    if (headers instanceof Headers) return headers.get(name) ?? undefined;
    const v = headers[name];
    return Array.isArray(v) ? v[0] : v;
  };
  const signature = get(WEBHOOK_HEADERS.signature);
  const timestamp = Number(get(WEBHOOK_HEADERS.timestamp));
  const eventId = get(WEBHOOK_HEADERS.eventId);
  if (signature === undefined || eventId === undefined || !Number.isInteger(timestamp))
    return { ok: false, reason: 'missing signature, timestamp or event id header' };
  const now = Math.floor((options.now ?? Date.now()) / 1000);
  if (Math.abs(now - timestamp) > (options.toleranceSeconds ?? 300))
    return { ok: false, reason: 'timestamp outside the tolerance (replay?)' };
  const want = Buffer.from(signWebhook(secret, timestamp, body));
  const got = Buffer.from(signature);
  if (want.length !== got.length || !timingSafeEqual(want, got))
    return { ok: false, reason: 'signature mismatch' };
  return { ok: true, eventId };
}
