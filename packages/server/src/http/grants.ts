/**
 * `GET /grants` (snapshot, ETag/304, `?since=` deltas) and `GET /grants/stream` (SSE).
 */
import { diffSnapshots } from '@grantkit/core';
import type { Tenant } from '../tenants/registry.ts';
import { errorResponse } from './errors.ts';

/** Revisions named by `If-None-Match` (`"12"`, `W/"12"`, lists); `*` matches anything. */
function ifNoneMatch(header: string | null): number[] | '*' | undefined {
  if (header === null) return undefined;
  if (header.trim() === '*') return '*';
  const out: number[] = [];
  for (const m of header.matchAll(/(?:W\/)?"(\d+)"/g)) out.push(Number(m[1]));
  return out;
}

const revisionParam = (value: string | null): number | undefined | null => {
  if (value === null || value === '') return undefined;
  return /^\d{1,15}$/.test(value) ? Number(value) : null;
};

/** Serves the caller's snapshot, a delta from `since`, or 304. */
export async function getGrants(
  tenant: Tenant,
  request: Request,
  userId: string,
): Promise<Response> {
  const url = new URL(request.url);
  const viewAs = url.searchParams.get('viewAs') ?? undefined;
  const since = revisionParam(url.searchParams.get('since'));
  if (since === null)
    return errorResponse('invalid', 'since must be a revision number', { field: 'since' });
  const inm = ifNoneMatch(request.headers.get('if-none-match'));
  const { engine, snapshots } = tenant;
  // A client that saw a newer revision (through another instance) makes us catch up first.
  const known = Math.max(since ?? -1, ...(Array.isArray(inm) ? inm : []));
  if (known > engine.revision) await engine.catchUp();

  const { version } = snapshots.current(userId, viewAs);
  const revision = engine.revision;
  const headers = {
    etag: `"${revision}"`,
    'cache-control': 'no-cache',
    vary: 'Authorization',
  };
  const unchangedSince = (r: number) => r >= version.from && r <= revision;
  if (inm === '*' || inm?.some(unchangedSince)) return new Response(null, { status: 304, headers });
  const json = { ...headers, 'content-type': 'application/json; charset=utf-8' };
  if (since !== undefined) {
    if (unchangedSince(since)) return new Response(null, { status: 304, headers });
    const old = snapshots.at(userId, since, viewAs);
    if (old !== undefined && since < revision) {
      const now = Date.now();
      const patch = diffSnapshots(
        snapshots.materialise(old, since, now),
        snapshots.materialise(version, revision, now),
      );
      if (patch !== null)
        return new Response(JSON.stringify({ kind: 'delta', from: since, to: revision, patch }), {
          headers: json,
        });
    }
    return new Response(`{"kind":"full","snapshot":${snapshots.render(version, revision)}}`, {
      headers: json,
    });
  }
  return new Response(snapshots.render(version, revision), { headers: json });
}

/** Opens the caller's event stream; resumes from `Last-Event-ID` / `?lastEventId=`. */
export async function streamGrants(
  tenant: Tenant,
  request: Request,
  userId: string,
): Promise<Response> {
  const url = new URL(request.url);
  const viewAs = url.searchParams.get('viewAs') ?? undefined;
  const last = revisionParam(
    request.headers.get('last-event-id') ?? url.searchParams.get('lastEventId'),
  );
  if (last === null)
    return errorResponse('invalid', 'Last-Event-ID must be a revision number', {
      field: 'lastEventId',
    });
  if (last !== undefined && last > tenant.engine.revision) await tenant.engine.catchUp();
  return tenant.streams.open(userId, viewAs, last, request.signal);
}
