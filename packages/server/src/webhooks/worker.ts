/**
 * The webhook delivery worker (MODEL W6), one per process: it leases webhooks with pending
 * outbox rows (`FOR UPDATE SKIP LOCKED`, so several processes on one PostgreSQL share the
 * work), posts their events in revision order, removes each row once the receiver answers
 * 2xx, and on a failure holds that webhook back with exponential backoff (capped at one
 * hour, never dropped: deliveries are retried for as long as the webhook exists, which
 * covers the 24 hours W6 asks). The outbox is written in the op's transaction, so a
 * restart loses nothing: a lease left by a dead process expires and the row is sent again
 * (at least once; receivers de-duplicate by `x-grantkit-event-id`).
 */
import type { Storage, StoredAudit } from '../storage/types.ts';
import { signWebhook, WEBHOOK_HEADERS } from './sign.ts';

/**
 * Commits start a pass at most this often (ms): under a burst of ops the worker looks for
 * deliveries once per gap instead of once per committed batch (each look is a statement on
 * the database the ops also wait for). A lone commit is looked at at once.
 */
const COMMIT_GAP_MS = 50;

/** Options of the delivery worker (`webhooks` of `createGrantsApp`). */
export interface WebhookWorkerOptions {
  /** How often due deliveries are looked for, in ms (default 1000). */
  readonly pollMs?: number;
  /** First retry delay in ms, doubled per failed attempt up to `maxBackoffMs` (default 1000). */
  readonly backoffMs?: number;
  /** Longest retry delay in ms (default one hour). */
  readonly maxBackoffMs?: number;
  /** How long one delivery may take before it counts as failed, in ms (default 10000). */
  readonly timeoutMs?: number;
  /** How long a process holds a webhook it is delivering, in ms (default 60000). */
  readonly leaseMs?: number;
}

/** The JSON body of one delivery. */
export interface WebhookEvent {
  /** Stable across retries: `<tenant>:<seq>`. */
  readonly id: string;
  readonly tenant: string;
  readonly revision: number;
  readonly seq: number;
  readonly at: number;
  readonly actor: string;
  readonly action: string;
  readonly resource: { readonly type: string; readonly id: string };
  /** Absent where the registrant may not read them (MODEL E5). */
  readonly before: unknown;
  readonly after: unknown;
}

/** The body of the delivery of `event` of `tenant`. */
export function webhookEvent(tenant: string, event: StoredAudit): WebhookEvent {
  return {
    id: `${tenant}:${event.seq}`,
    tenant,
    revision: event.revision,
    seq: event.seq,
    at: event.at,
    actor: event.actor,
    action: event.action,
    resource: event.resource,
    before: event.before,
    after: event.after,
  };
}

/** A running worker: `kick()` looks for deliveries now, `stop()` waits for the current pass. */
export interface WebhookWorker {
  kick(): void;
  stop(): Promise<void>;
}

/**
 * What a webhook's registrant may see of an event now (MODEL W1, before/after by E5):
 * the body to send, or `null` to skip it (they may not see it, or left the tenant).
 */
export type WebhookJudge = (
  tenant: string,
  registrant: string,
  event: WebhookEvent,
) => Promise<WebhookEvent | null>;

/** Starts the delivery worker of `storage`. */
export function startWebhookWorker(
  storage: Storage,
  options: WebhookWorkerOptions,
  onError: (error: unknown) => void,
  judge: WebhookJudge = async (_t, _r, event) => event,
): WebhookWorker {
  const pollMs = options.pollMs ?? 1000;
  const backoffMs = options.backoffMs ?? 1000;
  const maxBackoffMs = options.maxBackoffMs ?? 3_600_000;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const leaseMs = Math.max(options.leaseMs ?? 60_000, timeoutMs * 2);
  let stopped = false;
  let running: Promise<void> | undefined;
  let again = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  /** When the last pass started, and the run a commit within the gap after it waits for. */
  let lastPass = Number.NEGATIVE_INFINITY;
  let commitTimer: ReturnType<typeof setTimeout> | undefined;

  const post = async (url: string, secret: string, event: WebhookEvent): Promise<string | null> => {
    const body = JSON.stringify(event);
    const timestamp = Math.floor(Date.now() / 1000);
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          [WEBHOOK_HEADERS.timestamp]: String(timestamp),
          [WEBHOOK_HEADERS.eventId]: event.id,
          [WEBHOOK_HEADERS.signature]: signWebhook(secret, timestamp, body),
        },
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(timeoutMs),
      });
      await res.body?.cancel().catch(() => {});
      return res.status >= 200 && res.status < 300 ? null : `HTTP ${res.status}`;
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    }
  };

  const pass = async (): Promise<void> => {
    for (;;) {
      const claimed = await storage.activity.claimDeliveries(Date.now(), leaseMs, 16);
      if (claimed.length === 0 || stopped) return;
      await Promise.all(
        claimed.map(async (hook) => {
          for (const { event, attempts } of hook.deliveries) {
            if (stopped) return;
            const body = await judge(hook.tenant, hook.createdBy, webhookEvent(hook.tenant, event));
            if (body === null) {
              await storage.activity.delivered(hook.tenant, hook.id, event.seq); // not theirs to see
              continue;
            }
            const failure = await post(hook.url, hook.secret, body);
            if (failure !== null) {
              const delay = Math.min(maxBackoffMs, backoffMs * 2 ** Math.min(attempts, 30));
              await storage.activity.failed(
                hook.tenant,
                hook.id,
                event.seq,
                Date.now() + delay,
                failure,
              );
              return;
            }
            await storage.activity.delivered(hook.tenant, hook.id, event.seq);
          }
          await storage.activity.release(hook.tenant, hook.id);
        }),
      );
    }
  };

  const schedule = () => {
    if (stopped) return;
    clearTimeout(timer);
    timer = setTimeout(run, pollMs);
    timer.unref?.();
  };
  function run(): void {
    if (stopped) return;
    if (running !== undefined) {
      again = true;
      return;
    }
    lastPass = performance.now();
    running = pass()
      .catch(onError)
      .finally(() => {
        running = undefined;
        if (again) {
          again = false;
          run();
        } else schedule();
      });
  }
  /** A commit: run now, or at the end of the gap after the last pass started. */
  const committed = () => {
    if (stopped || commitTimer !== undefined) return;
    const wait = lastPass + COMMIT_GAP_MS - performance.now();
    if (wait <= 0) {
      run();
      return;
    }
    commitTimer = setTimeout(() => {
      commitTimer = undefined;
      run();
    }, wait);
    commitTimer.unref?.();
  };
  schedule();
  // A committed op (here or in another process: LISTEN/NOTIFY) may have queued deliveries.
  const unsubscribe = storage
    .subscribe({ revision: committed, resync: () => run() })
    .catch((error: unknown) => {
      onError(error);
      return undefined;
    });
  return {
    kick: run,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      clearTimeout(commitTimer);
      await (await unsubscribe)?.();
      await running;
    },
  };
}
