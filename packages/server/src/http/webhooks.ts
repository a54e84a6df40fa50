/**
 * `POST /webhooks`, `GET /webhooks`, `DELETE /webhooks/:id` (MODEL W6): tenant admins (N10
 * or a super admin) register where the tenant's activity is delivered. The secret is
 * generated here and returned once, by the `POST`.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { Model } from '@grantkit/core';
import { WebhookLimitError } from '../storage/activity.ts';
import type { Storage } from '../storage/types.ts';
import type { Tenant } from '../tenants/registry.ts';
import { errorResponse } from './errors.ts';

/** Which webhook URLs may be registered (the `webhooks.allowUrl` option). */
export type WebhookUrlPolicy = (url: URL) => boolean;

const LOOPBACK = new Set(['127.0.0.1', '[::1]', 'localhost']);

/**
 * The default policy: `https:` anywhere, `http:` only to loopback (development and tests).
 *
 * @example
 * ```ts
 * defaultWebhookUrlPolicy(new URL('http://10.0.0.5/hook')); // false
 * ```
 */
export const defaultWebhookUrlPolicy: WebhookUrlPolicy = (url) =>
  url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.has(url.hostname));

const json = (value: unknown, status = 200): Response =>
  new Response(JSON.stringify(value), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
  });

/** Largest body of `POST /webhooks`, in bytes (bounded while it is read). */
export const WEBHOOK_BODY_BYTES = 16_384;

/** Most webhooks per tenant. */
export const MAX_WEBHOOKS = 20;

/**
 * MODEL W6: an active super admin, or an active user who may navigate the Permission Bundles
 * page (N10). Narrower than the read views' tenant admins: holders of `user: edit` (R3) or of
 * the Sharing Settings page (D8) do not manage the tenant's webhooks.
 */
export function mayManageWebhooks(model: Model, userId: string): boolean {
  const user = model.getUser(userId);
  if (user === undefined || !user.active) return false;
  if (user.superAdmin) return true;
  const page = model.schema.bundlesPage;
  return page !== undefined && model.check(userId, 'navigate', { type: 'page', id: page });
}

/** Answers a webhook request of the caller, or `undefined` for another path. */
export async function webhookRoute(
  tenantId: string,
  tenant: Tenant,
  storage: Storage,
  request: Request,
  userId: string,
  id: string | undefined,
  allowUrl: WebhookUrlPolicy,
): Promise<Response> {
  if (!mayManageWebhooks(tenant.engine.model, userId))
    return errorResponse(
      'forbidden',
      'only super admins and users who may navigate the Permission Bundles page manage webhooks (MODEL W6, N10)',
    );
  const store = storage.activity;
  if (request.method === 'GET') return json(await store.listWebhooks(tenantId));
  if (request.method === 'DELETE') {
    if (id === undefined) return errorResponse('not_found', 'no such webhook');
    return (await store.deleteWebhook(tenantId, id))
      ? json({ deleted: id })
      : errorResponse('not_found', `no webhook "${id}"`);
  }
  const text = await request.text();
  if (text.length > WEBHOOK_BODY_BYTES)
    return errorResponse('too_large', `the body is larger than ${WEBHOOK_BODY_BYTES} bytes`);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return errorResponse('invalid', 'the body must be JSON', { field: 'body' });
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return errorResponse('invalid', 'the body must be an object { url, actions? }', {
      field: 'body',
    });
  const { url, actions = [] } = body as { url?: unknown; actions?: unknown };
  let parsed: URL;
  try {
    if (typeof url !== 'string' || url.length > 2048) throw new Error();
    parsed = new URL(url);
  } catch {
    return errorResponse('invalid', 'url must be an absolute URL of at most 2048 characters', {
      field: 'url',
    });
  }
  if (!allowUrl(parsed))
    return errorResponse('invalid', `url ${parsed.origin} is not allowed (MODEL W6)`, {
      field: 'url',
    });
  if (
    !Array.isArray(actions) ||
    actions.length > 64 ||
    !actions.every((a) => typeof a === 'string' && /^[A-Za-z][A-Za-z0-9_.-]{0,63}$/.test(a))
  )
    return errorResponse('invalid', 'actions must be a list of at most 64 action names', {
      field: 'actions',
    });
  const hook = {
    id: `wh_${randomUUID()}`,
    url: parsed.href,
    actions: [...new Set(actions as string[])],
    secret: `whsec_${randomBytes(24).toString('base64url')}`,
    by: userId,
  };
  try {
    // the limit is checked by the insert itself: concurrent requests cannot pass it
    await store.createWebhook(tenantId, hook, MAX_WEBHOOKS);
  } catch (error) {
    if (error instanceof WebhookLimitError)
      return errorResponse('invalid', error.message, { field: 'url' });
    throw error;
  }
  return json(
    { id: hook.id, url: hook.url, actions: hook.actions, secret: hook.secret, createdBy: userId },
    201,
  );
}
