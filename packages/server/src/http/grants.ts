/**
 * `GET /grants` (snapshot, ETag/304, `?since=` deltas) and `GET /grants/stream` (SSE),
 * whose streams end with their session (expiry, revocation, deactivation).
 */
import { diffSnapshots } from '@grantkit/core';
import { currentSnapshot } from '../api.ts';
import type { Authenticate, Principal } from '../auth.ts';
import type { Tenant } from '../tenants/registry.ts';
import type { StreamHub, StreamSession } from '../tenants/stream.ts';
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

  // The same function as the in-process `app.grants.snapshot`.
  const { version, revision } = currentSnapshot(tenant, userId, viewAs);
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

/** Which streams {@link StreamSessions.end} ends: a user's, or one session's. */
export interface SessionFilter {
  readonly tenant: string;
  /** Every stream of this user (of any session). */
  readonly userId?: string | undefined;
  /** Only the streams opened with credentials of this session. */
  readonly sessionId?: string | undefined;
}

/**
 * The app's open event streams by tenant, and how their sessions are re-checked: every
 * `reauthenticateMs` the host's `authenticate` runs again on the stream's request, and
 * a stream whose request no longer authenticates as the same caller is ended.
 */
export class StreamSessions {
  constructor(
    /**
     * The stream hub of a tenant in memory, looked up when streams are ended: a tenant with
     * no open stream may have been evicted and reloaded since (and must not be kept alive).
     */
    private readonly hubOf: (tenant: string) => StreamHub | undefined,
    private readonly authenticate: Authenticate,
    private readonly reauthenticateMs: number,
    private readonly onError: (error: unknown) => void,
  ) {}

  /** Opens the caller's event stream, watched for its session's end. */
  open(tenant: Tenant, request: Request, principal: Principal): Promise<Response> {
    return streamGrants(tenant, request, principal.userId, {
      principal,
      reauthenticateMs: this.reauthenticateMs,
      reauthenticate: async () => {
        try {
          const again = await this.authenticate(request);
          return (
            again !== null &&
            again.tenant === principal.tenant &&
            again.userId === principal.userId &&
            again.sessionId === principal.sessionId
          );
        } catch (error) {
          this.onError(error);
          return false;
        }
      },
    });
  }

  /** Ends the matching streams now; returns how many. */
  end(filter: SessionFilter): number {
    if (filter.userId === undefined && filter.sessionId === undefined)
      throw new TypeError('endSessions needs a userId or a sessionId');
    return this.hubOf(filter.tenant)?.end(filter) ?? 0;
  }
}

/**
 * Opens the caller's event stream; resumes from `Last-Event-ID` / `?lastEventId=`.
 * An inactive user gets 403 (MODEL K7: their grants are closed, and stay so until reactivated).
 */
export async function streamGrants(
  tenant: Tenant,
  request: Request,
  userId: string,
  session?: StreamSession,
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
  if (!tenant.streams.isActive(userId))
    return errorResponse('forbidden', `user "${userId}" is inactive or unknown (MODEL K7)`);
  return tenant.streams.open(userId, viewAs, last, request.signal, session);
}
