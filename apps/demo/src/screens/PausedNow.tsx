/**
 * Paused now (MODEL W7 across the person's products, W5): every paused engagement of every
 * product the user belongs to that they may view, with the product, the environment, who
 * paused it and when. Reloads live when an engagement changes here (the activity stream) or
 * a notification about an engagement arrives from any of their products, and on "Refresh".
 */
import { useActivity, useNotifications } from '@grantkit/react';
import { useEffect, useId } from 'react';
import type { LifecycleItem } from '../api';
import { ago, useAct } from '../components/BellActivity';
import { Skeleton } from '../components/Skeleton';
import { useLoad, useSession } from '../components/session';
import { userName } from '../names';
import { productName } from '../seed/products';
import { when } from '../util';

export function PausedNowScreen() {
  const { api } = useSession();
  const paused = useLoad('paused-now', () => api.lifecycle('engagement', 'paused'));
  const id = useId();
  const rows = paused.data ?? [];
  const products = new Set(rows.map((r) => r.tenant));
  return (
    <section className="screen">
      <h1>Paused now</h1>
      <p className="lede">
        Every engagement paused right now in the products you belong to, with who paused it and
        when.
      </p>
      <LiveReload reload={paused.reload} />
      <section className="card" aria-labelledby={`${id}-h`} aria-busy={paused.loading}>
        <div className="card-head">
          <h2 id={`${id}-h`}>
            {paused.data === undefined
              ? 'Paused engagements'
              : `${rows.length} paused ${rows.length === 1 ? 'engagement' : 'engagements'} in ${products.size} ${products.size === 1 ? 'product' : 'products'}`}
          </h2>
          <button type="button" className="action-btn" onClick={paused.reload}>
            Refresh
          </button>
        </div>
        {paused.error !== undefined && (
          <p className="notice refused" role="alert">
            The paused engagements could not be loaded. Try Refresh.
          </p>
        )}
        {paused.data === undefined && paused.error === undefined && (
          <Skeleton lines={5} label="Loading the paused engagements…" />
        )}
        {paused.data !== undefined && rows.length === 0 && (
          <p className="muted">Nothing is paused in your products. Everything is live.</p>
        )}
        {rows.length > 0 && (
          <table className="paused-now" data-testid="paused-now">
            <thead>
              <tr>
                <th scope="col">Engagement</th>
                <th scope="col">Product</th>
                <th scope="col">Environment</th>
                <th scope="col">Paused by</th>
                <th scope="col">When</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <PausedRow key={`${r.tenant}:${r.id}`} row={r} />
              ))}
            </tbody>
          </table>
        )}
      </section>
    </section>
  );
}

function PausedRow({ row: r }: { row: LifecycleItem }) {
  const t = r.lastTransition;
  return (
    <tr data-paused={`${r.tenant}:${r.id}`}>
      <th scope="row">{r.title ?? r.id}</th>
      <td>{productName(r.tenant)}</td>
      <td>
        {r.environment === 'production'
          ? 'Production'
          : r.environment === 'staging'
            ? 'Staging'
            : '—'}
      </td>
      <td>{t ? userName(t.actor) : <span className="muted">Before the audit trail began</span>}</td>
      <td>
        {t ? (
          <time dateTime={new Date(t.at).toISOString()} title={when(t.at)}>
            {ago(t.at)}
          </time>
        ) : (
          '—'
        )}
      </td>
    </tr>
  );
}

/**
 * Reloads when an engagement of this product changes (the activity stream), or when a
 * notification about an engagement arrives from any product (the cross-product stream).
 */
function LiveReload({ reload }: { reload(): void }) {
  const act = useAct();
  return act ? <OnEngagementChange act={act} reload={reload} /> : null;
}

function OnEngagementChange({
  act,
  reload,
}: {
  act: NonNullable<ReturnType<typeof useAct>>;
  reload(): void;
}) {
  const top = useActivity(act, { type: 'engagement' }).items[0]?.id;
  // biome-ignore lint/correctness/useExhaustiveDependencies: reload when the newest item changes
  useEffect(() => {
    if (top !== undefined) reload();
  }, [top]);
  const note = useNotifications(
    act,
    (s) => s.items.find((n) => n.event.resource.type === 'engagement')?.id,
  );
  // the first page may come after the list (it waits for the stream): it reloads too
  // biome-ignore lint/correctness/useExhaustiveDependencies: reload when a newer one arrives
  useEffect(() => {
    if (note !== undefined) reload();
  }, [note]);
  return null;
}
