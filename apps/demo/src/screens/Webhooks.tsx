/**
 * Webhook deliveries (MODEL W6): the demo registers a webhook of this product for every
 * change to its own receiver (scripts/webhookReceiver.ts), which checks each delivery's
 * signature with `verifyWebhook`; this page lists what arrived, newest first, with whether
 * it verified. Updated as changes happen.
 */
import { useActivity } from '@grantkit/react';
import { useEffect, useId } from 'react';
import type { WebhookDelivery } from '../api';
import { useTitles } from '../components/Bell';
import { ago, kindOf, useAct, verbOf } from '../components/BellActivity';
import { Skeleton } from '../components/Skeleton';
import { useLoad, useSession } from '../components/session';
import { userName } from '../names';
import { when } from '../util';

export function WebhooksScreen() {
  const { api } = useSession();
  const log = useLoad('webhook-log', () => api.webhookLog());
  const id = useId();
  const rows = log.data ?? [];
  const titles = useTitles();
  return (
    <section className="screen">
      <h1>Webhook deliveries</h1>
      <p className="lede">
        This product sends every change to a webhook receiver signed with the webhook's secret. The
        receiver checks each signature and timestamp; a delivery may arrive twice, so receivers
        de-duplicate by its event id.
      </p>
      <Follow reload={log.reload} />
      <section className="card" aria-labelledby={`${id}-h`} aria-busy={log.loading}>
        <div className="card-head">
          <h2 id={`${id}-h`}>Received</h2>
          <button type="button" className="action-btn" onClick={log.reload}>
            Refresh
          </button>
        </div>
        {log.error !== undefined && (
          <p className="notice refused" role="alert">
            The receiver's log could not be read. Try Refresh.
          </p>
        )}
        {log.data === undefined && log.error === undefined && (
          <Skeleton lines={4} label="Loading the deliveries…" />
        )}
        {log.data !== undefined && rows.length === 0 && (
          <p className="muted">
            No delivery yet. Change something (pause an engagement, share a dashboard) and it
            arrives here within a second.
          </p>
        )}
        {rows.length > 0 && (
          <table className="webhook-log" data-testid="webhook-log">
            <thead>
              <tr>
                <th scope="col">Change</th>
                <th scope="col">Event id</th>
                <th scope="col">Received</th>
                <th scope="col">Signature</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((d) => (
                <DeliveryRow key={`${d.eventId}-${d.receivedAt}`} d={d} titles={titles} />
              ))}
            </tbody>
          </table>
        )}
      </section>
    </section>
  );
}

function DeliveryRow({ d, titles }: { d: WebhookDelivery; titles: ReadonlyMap<string, string> }) {
  const e = d.event;
  const what =
    e?.actor && e.action && e.resource
      ? `${userName(e.actor)} ${verbOf(e.action)} the ${kindOf(e.resource.type)} “${
          titles.get(`${e.resource.type}:${e.resource.id}`) ?? e.resource.id
        }”`
      : 'An unreadable delivery';
  return (
    <tr data-event={d.eventId} data-verified={d.verified}>
      <th scope="row">{what}</th>
      <td>
        <code>{d.eventId}</code>
        {d.repeat && <span className="muted"> (repeat)</span>}
      </td>
      <td>
        <time dateTime={new Date(d.receivedAt).toISOString()} title={when(d.receivedAt)}>
          {ago(d.receivedAt)}
        </time>
      </td>
      <td>
        {d.verified ? (
          <span className="badge ok">Verified</span>
        ) : (
          <span className="badge bad">Rejected: {d.reason}</span>
        )}
      </td>
    </tr>
  );
}

/** Reloads the log when something happens here (a delivery follows each change). */
function Follow({ reload }: { reload(): void }) {
  const act = useAct();
  return act ? <FollowFeed act={act} reload={reload} /> : null;
}

function FollowFeed({
  act,
  reload,
}: {
  act: NonNullable<ReturnType<typeof useAct>>;
  reload(): void;
}) {
  const top = useActivity(act).items[0]?.id;
  // biome-ignore lint/correctness/useExhaustiveDependencies: reload when the newest item changes
  useEffect(() => {
    if (top === undefined) return;
    reload();
    // the delivery follows the change by a moment (and retries later if the receiver failed)
    const t = setInterval(reload, 2000);
    const stop = setTimeout(() => clearInterval(t), 20_000);
    return () => {
      clearInterval(t);
      clearTimeout(stop);
    };
  }, [top]);
  return null;
}
