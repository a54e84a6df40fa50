/**
 * Read-only views of the caller's tenant for admin screens, scoped to what the caller
 * may see: `GET /world/*`, `GET /audit`, `GET /audit/all` (audit entries as MODEL E5 allows,
 * decided by core's `auditAccess` / `readableAudit`).
 */
import type { Model, ResourceInput } from '@grantkit/core';
import { readAudit } from '../api.ts';
import type { Storage } from '../storage/types.ts';
import type { Tenant } from '../tenants/registry.ts';
import { errorResponse } from './errors.ts';

const json = (value: unknown): Response =>
  new Response(JSON.stringify(value), {
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
  });

/**
 * Administrators of the tenant: active super admins and active users who may open the
 * Permission Bundles or Sharing Settings pages (MODEL N10, D8) or manage users (R3).
 */
export function isTenantAdmin(model: Model, userId: string): boolean {
  const user = model.getUser(userId);
  if (user === undefined || !user.active) return false;
  if (user.superAdmin) return true;
  const s = model.schema;
  const page = (id: string | undefined) =>
    id !== undefined && model.check(userId, 'navigate', { type: 'page', id });
  return (
    page(s.bundlesPage) ||
    page(s.sharingSettingsPage) ||
    (s.types.has(s.usersType) && model.check(userId, 'edit', { type: s.usersType }))
  );
}

/** {@link isTenantAdmin} of a loaded tenant. */
export const tenantAdmin = (tenant: Tenant, userId: string): boolean =>
  isTenantAdmin(tenant.engine.model, userId);

const forbidden = (what: string) => errorResponse('forbidden', `you may not read ${what}`);

/** Answers a `GET /world/...` or `/audit...` request, or `undefined` for another path. */
export async function getRead(
  tenant: Tenant,
  storage: Storage,
  request: Request,
  userId: string,
  path: string,
): Promise<Response | undefined> {
  const { engine } = tenant;
  const model = engine.model;
  const url = new URL(request.url);
  const me = model.getUser(userId);
  if (me === undefined || !me.active)
    return forbidden('this tenant (unknown or inactive user, MODEL K7)');
  const admin = isTenantAdmin(model, userId);
  const world = () => engine.world();

  switch (path) {
    case '/world/users':
      return json(
        admin ? world().users : world().users.map((u) => ({ id: u.id, active: u.active ?? true })),
      );
    case '/world/groups':
      return json(
        admin ? (world().groups ?? []) : (world().groups ?? []).map((g) => ({ id: g.id })),
      );
    case '/world/bundles': {
      const bundles = world().bundles ?? [];
      if (admin) return json(bundles);
      // MODEL N9: a bundle administrator sees who the bundle reaches (by hand, groups and
      // rule), which the redacted users and groups do not let the browser work out.
      return json(
        bundles
          .filter((b) => b.administrators?.includes(userId))
          .map((b) => ({ ...b, members: model.members({ bundle: b.id }) })),
      );
    }
    case '/world/recordTypes':
      return admin ? json(world().recordTypes ?? []) : forbidden('sharing settings');
    case '/world/resources': {
      const type = url.searchParams.get('type');
      if (type === null || (type !== 'asset' && !model.schema.types.has(type)))
        return errorResponse('invalid', 'type must be a resource type of the schema or "asset"', {
          field: 'type',
        });
      const visible = new Set(model.list(userId, type));
      const out: ResourceInput[] = [];
      for (const r of world().resources ?? []) {
        if (!visible.has(r.id)) continue;
        if (type !== 'asset' && r.type !== type) continue;
        if (type === 'asset' && model.schema.types.get(r.type)?.kind !== 'asset') continue;
        const manages = model
          .actions(userId, { type: r.type, id: r.id })
          .some((a) => a.action === 'admin' && a.allowed);
        if (manages || r.shares === undefined) out.push(r);
        else {
          const { shares: _hidden, ...rest } = r;
          out.push(rest);
        }
      }
      return json(out);
    }
    case '/world/directGrants': {
      // MODEL N13: who holds what directly on one resource (grantOn), for its admins and
      // the tenant's administrators.
      const type = url.searchParams.get('type');
      const id = url.searchParams.get('id');
      if (!type) return errorResponse('invalid', 'type is required', { field: 'type' });
      if (!id) return errorResponse('invalid', 'id is required', { field: 'id' });
      if (!admin && !model.check(userId, 'admin', { type, id }))
        return forbidden(`the direct grants on ${type} ${id}`);
      return json(
        (world().directGrants ?? [])
          .filter((g) => g.type === type && g.id === id)
          .map(({ user, actions }) => ({ user, actions })),
      );
    }
    case '/audit': {
      const type = url.searchParams.get('type');
      const id = url.searchParams.get('id');
      if (!type) return errorResponse('invalid', 'type is required', { field: 'type' });
      if (!id) return errorResponse('invalid', 'id is required', { field: 'id' });
      // The same function as the in-process `app.grants.audit`.
      return json(await readAudit(tenant, storage, userId, { type, id }, tenantAdmin));
    }
    case '/audit/all': {
      const raw = url.searchParams.get('limit');
      const limit = raw === null ? 100 : Number(raw);
      if (!Number.isInteger(limit) || limit < 1 || limit > 1000)
        return errorResponse('invalid', 'limit must be an integer from 1 to 1000', {
          field: 'limit',
        });
      return json(await readAudit(tenant, storage, userId, { all: true, limit }, tenantAdmin));
    }
    default:
      return undefined;
  }
}
