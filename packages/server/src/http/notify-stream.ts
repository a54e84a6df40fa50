/**
 * `GET /notifications/stream` (MODEL W4, W5): one Server-Sent Events stream of the caller's
 * notifications in every tenant their identity lists (`Principal.tenants`), pushed as they
 * are given (`event: notification`, the form of `GET /notifications?scope=all`, each naming
 * its tenant and user). Nothing of a tenant not listed; a tenant where the person is inactive
 * or unknown gives nothing, and a person active in none of them gets 403 (MODEL K7, as
 * `GET /grants/stream`). The stream holds its tenants loaded, ends at the credentials'
 * expiry and when they stop authenticating (re-checked every `reauthenticateMs`). A person
 * holds at most `MAX_STREAMS_PER_USER` of them per tenant: one more ends their oldest.
 * A person deactivated in a tenant (or gone from it) while it listens gets nothing more of
 * it and the stream lets that tenant go (MODEL K7, as their grant streams end there): it
 * says so with `event: left` (`{ tenant, reason: 'inactive' }`) and keeps serving their
 * other tenants, or ends (`event: end`, reason `inactive`) when none is left.
 */
import { Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import { type Authenticate, membershipsOf, type Principal } from '../auth.ts';
import type { TenantLease, TenantRegistry } from '../tenants/registry.ts';
import { MAX_PENDING_WRITES, type StreamEndReason } from '../tenants/stream.ts';
import { errorResponse } from './errors.ts';

/** Longest delay `setTimeout` takes (about 24.8 days); longer waits are re-armed. */
const MAX_TIMER = 2 ** 31 - 1;

/** Opens the caller's cross-tenant notification stream. */
export async function notificationStream(
  registry: TenantRegistry,
  request: Request,
  principal: Principal,
  options: {
    readonly authenticate: Authenticate;
    readonly reauthenticateMs: number;
    readonly heartbeatMs: number;
  },
): Promise<Response> {
  // The tenants it listens in, held from here on: loaded before the answer, so a person
  // listening nowhere is refused (every stream counts against a tenant's cap), and a tenant
  // that fails to load answers an error instead of an empty stream.
  const held: { lease: TenantLease; userId: string; tenant: string }[] = [];
  try {
    for (const m of membershipsOf(principal)) {
      if (request.signal.aborted) break;
      const lease = await registry.acquire(m.tenant);
      if (lease === null) continue;
      if (lease.tenant.streams.isActive(m.userId)) held.push({ lease, ...m });
      else lease.release();
    }
  } catch (error) {
    for (const h of held) h.lease.release();
    throw error;
  }
  if (held.length === 0 || request.signal.aborted) {
    for (const h of held) h.lease.release();
    return errorResponse(
      'forbidden',
      `user "${principal.userId}" is inactive or unknown in each of their tenants (MODEL K7)`,
    );
  }
  /** The tenants listened in, each with the way to stop listening there and let it go. */
  const parts = new Map<string, () => void>();
  const c = new Context(new Request(request.url, { signal: request.signal }));
  const response = streamSSE(c, async (stream) => {
    let open = true;
    let written: Promise<unknown> = Promise.resolve();
    let pending = 0;
    const settle = () => {
      pending -= 1;
    };
    const write = (w: () => Promise<unknown>) => {
      if (!open) return;
      if (pending >= MAX_PENDING_WRITES) {
        stream.abort(); // its client reads nothing: drop it (ends it, frees the queue)
        return;
      }
      pending += 1;
      written = written.then(w, w);
      written.then(settle, settle);
    };
    let ended = () => {};
    const done = new Promise<void>((resolve) => {
      ended = resolve;
    });
    const timers: NodeJS.Timeout[] = [];
    const close = (reason?: string) => {
      if (!open) return;
      if (reason !== undefined)
        write(() => stream.writeSSE({ event: 'end', data: JSON.stringify({ reason }) }));
      open = false;
      for (const t of timers) clearInterval(t);
      const releases = [...parts.values()];
      parts.clear();
      for (const r of releases) r();
      void written.then(ended, ended);
    };
    stream.onAbort(() => close());
    if (request.signal.aborted) close();
    else request.signal.addEventListener('abort', () => close(), { once: true });
    /** MODEL K7: no longer active in `tenant`: stop listening there; end when none is left. */
    const leave = (tenant: string, reason: StreamEndReason) => {
      const part = parts.get(tenant);
      if (!open || part === undefined) return;
      parts.delete(tenant);
      part();
      if (parts.size === 0) close(reason);
      else
        write(() => stream.writeSSE({ event: 'left', data: JSON.stringify({ tenant, reason }) }));
    };
    for (const { lease, userId, tenant } of held) {
      // Ended meanwhile (gone, or replaced by a newer one), or deactivated there since the
      // check above: hold nothing of it.
      if (!open || !lease.tenant.streams.isActive(userId)) {
        lease.release();
        continue;
      }
      const stop = lease.tenant.streams.listenNotifications(
        userId,
        (note) =>
          write(() => stream.writeSSE({ event: 'notification', data: JSON.stringify(note) })),
        // Ended by the host (`endSessions`), or the person opened one too many (no reason).
        {
          end: (reason) => close(reason),
          sessionId: principal.sessionId,
          leave: (reason) => leave(tenant, reason),
        },
      );
      const part = () => {
        stop();
        lease.release();
      };
      if (open) parts.set(tenant, part);
      else part();
    }
    if (open && parts.size === 0) close('inactive');
    if (!open) return done;
    write(() =>
      stream.writeSSE({ event: 'ready', data: JSON.stringify({ tenants: [...parts.keys()] }) }),
    );
    const hb = setInterval(() => write(() => stream.write(': hb\n\n')), options.heartbeatMs);
    hb.unref();
    timers.push(hb);
    const check = setInterval(async () => {
      let valid = false;
      try {
        const again = await options.authenticate(request);
        valid =
          again !== null &&
          again.tenant === principal.tenant &&
          again.userId === principal.userId &&
          again.sessionId === principal.sessionId;
      } catch {}
      if (!valid) close('revoked');
      else if (principal.expiresAt !== undefined && principal.expiresAt <= Date.now())
        close('expired');
    }, options.reauthenticateMs);
    check.unref();
    timers.push(check);
    // Ends at the credentials' expiry, as a grant stream does (not at the next re-check).
    const { expiresAt } = principal;
    const expire = (): void => {
      const left = (expiresAt ?? Number.POSITIVE_INFINITY) - Date.now();
      if (left <= 0) {
        close('expired');
        return;
      }
      if (!Number.isFinite(left)) return;
      const t = setTimeout(expire, Math.min(left, MAX_TIMER));
      t.unref();
      timers.push(t);
    };
    expire();
    return done;
  });
  response.headers.set('content-type', 'text/event-stream; charset=utf-8');
  response.headers.set('cache-control', 'no-cache, no-transform');
  response.headers.set('x-accel-buffering', 'no');
  return response;
}
