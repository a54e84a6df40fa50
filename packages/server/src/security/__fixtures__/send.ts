/**
 * Sends generated hostile requests to a listening server over HTTP on 127.0.0.1 with
 * bounded concurrency, and tallies the answers (shared by the test and the bench).
 */
import type { HostileRequest } from './hostile.ts';

/** What came back. */
export interface HostileReport {
  readonly requests: number;
  readonly status2xx: number;
  readonly status4xx: number;
  readonly status5xx: number;
  /** Ops answered 200 with audit entries: each moved the revision by one. */
  readonly accepted: number;
  /** Up to 10 answers ≥ 500 or requests without an answer (method, path, status, body). */
  readonly failures: readonly string[];
  /** Up to 10 refused ops whose answer differs from what core's own parse says. */
  readonly mismatches: readonly string[];
  /** Answers without an `x-request-id` header. */
  readonly withoutRequestId: number;
  /** Requests that got no answer (connection error, or none within 60 s); listed in `failures`. */
  readonly networkErrors: number;
  readonly ms: number;
}

/** Options of {@link sendHostile}. */
export interface SendOptions {
  /** Requests in flight at once (default 8). */
  readonly concurrency?: number;
  /** A bearer token for a user of a tenant. */
  readonly token: (tenant: string, user: string) => string;
}

/** Sends every request of `requests` to `base`; never rejects on an HTTP status. */
export async function sendHostile(
  base: string,
  requests: Iterable<HostileRequest>,
  options: SendOptions,
): Promise<HostileReport> {
  const it = requests[Symbol.iterator]();
  const started = performance.now();
  let requestsSent = 0;
  let s2 = 0;
  let s4 = 0;
  let s5 = 0;
  let accepted = 0;
  let withoutRequestId = 0;
  let networkErrors = 0;
  const failures: string[] = [];
  const mismatches: string[] = [];
  const describe = (q: HostileRequest) =>
    `${q.method} ${q.path.slice(0, 120)} as ${q.user}@${q.tenant} body ${(q.body ?? '').slice(0, 160)}`;

  async function one(q: HostileRequest): Promise<void> {
    requestsSent++;
    let res: Response;
    let text: string;
    try {
      res = await fetch(`${base}${q.path}`, {
        method: q.method,
        headers: {
          authorization: `Bearer ${options.token(q.tenant, q.user)}`,
          ...(q.body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(q.body === undefined || q.method === 'GET' ? {} : { body: q.body }),
        // A bound on a hung answer, far above any normal latency (no racing on a busy CI).
        signal: AbortSignal.timeout(60_000),
      });
      text = await res.text();
    } catch (error) {
      networkErrors++;
      if (failures.length < 10) failures.push(`no answer: ${describe(q)} → ${String(error)}`);
      return;
    }
    if (res.headers.get('x-request-id') === null) withoutRequestId++;
    if (res.status >= 500) {
      s5++;
      if (failures.length < 10)
        failures.push(`${res.status} ${describe(q)} → ${text.slice(0, 300)}`);
      return;
    }
    if (res.status >= 400) s4++;
    else if (res.status >= 200 && res.status < 300) s2++;
    if (res.status === 200 && q.method === 'POST') {
      const body = JSON.parse(text) as { audit?: unknown[] };
      // Watches are stored (a revision) without an audit entry (MODEL W2).
      if ((body.audit?.length ?? 0) > 0 || /^\/ops\/(un)?watch(\?|$)/.test(q.path)) accepted++;
    }
    if (q.expect !== undefined) {
      let field: unknown;
      try {
        field = (JSON.parse(text) as { error?: { field?: unknown } }).error?.field;
      } catch {}
      if (res.status !== q.expect.status || field !== q.expect.field)
        if (mismatches.length < 10)
          mismatches.push(
            `${describe(q)}: expected ${q.expect.status} at ${q.expect.field}, got ${res.status} at ${String(field)}`,
          );
    }
  }

  const worker = async () => {
    for (let next = it.next(); next.done !== true; next = it.next()) await one(next.value);
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 8 }, worker));
  return {
    requests: requestsSent,
    status2xx: s2,
    status4xx: s4,
    status5xx: s5,
    accepted,
    failures,
    mismatches,
    withoutRequestId,
    networkErrors,
    ms: performance.now() - started,
  };
}
