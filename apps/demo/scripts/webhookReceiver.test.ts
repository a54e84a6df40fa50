import { signWebhook, WEBHOOK_HEADERS } from '@grantkit/server';
import { describe, expect, it } from 'vitest';
import { RECEIVER_PATH, withWebhookReceiver } from './webhookReceiver.ts';

const SECRET = 'whsec_test_0123456789';
const app = { fetch: async () => new Response('grants') };
const deliver = (body: string, secret = SECRET, id = 'acme:1') => {
  const ts = Math.floor(Date.now() / 1000);
  return new Request(`http://x${RECEIVER_PATH}`, {
    method: 'POST',
    body,
    headers: {
      [WEBHOOK_HEADERS.eventId]: id,
      [WEBHOOK_HEADERS.timestamp]: String(ts),
      [WEBHOOK_HEADERS.signature]: signWebhook(secret, ts, body),
    },
  });
};

describe('the demo webhook receiver (MODEL W6)', () => {
  it('accepts a signed delivery, refuses a forged one, marks a repeat, and shows its log to admins only', async () => {
    const r = withWebhookReceiver(
      app,
      () => SECRET,
      (req) => req.headers.get('authorization') === 'Bearer admin',
    );
    const body = JSON.stringify({ id: 'acme:1', action: 'pause' });
    expect((await r.fetch(deliver(body))).status).toBe(200);
    expect((await r.fetch(deliver(body))).status).toBe(200);
    expect((await r.fetch(deliver(body, 'whsec_wrong_secret_xx', 'acme:2'))).status).toBe(401);
    expect(r.deliveries.map((d) => [d.eventId, d.verified, d.repeat])).toEqual([
      ['acme:2', false, false],
      ['acme:1', true, true],
      ['acme:1', true, false],
    ]);
    expect(r.deliveries[0]?.reason).toBe('signature mismatch');
    const log = (auth?: string) =>
      r.fetch(
        new Request(`http://x${RECEIVER_PATH}/log`, {
          headers: auth ? { authorization: auth } : {},
        }),
      );
    expect((await log()).status).toBe(403);
    const ok = await log('Bearer admin');
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { deliveries: unknown[] }).deliveries).toHaveLength(3);
    expect(await (await r.fetch(new Request('http://x/grants'))).text()).toBe('grants');
  });
});
