/**
 * Activity: what happened in this product that the user may see (MODEL W1), newest first and
 * live (`useActivity`), filtered by type, environment, action, person and date, with "Load
 * more" for older pages.
 */
import { useActivity } from '@grantkit/react';
import type { ActivityFilter, ActivityPlugin } from '@grantkit/sdk/activity';
import { useId, useState } from 'react';
import { useTitles } from '../components/Bell';
import { ago, kindOf, sentenceOf, useAct, verbOf } from '../components/BellActivity';
import { Skeleton } from '../components/Skeleton';
import { userName } from '../names';
import { users } from '../seed/users';
import { when } from '../util';

const TYPES = ['engagement', 'dashboard', 'folder', 'user', 'bundle', 'group'];
const ACTIONS = ['launch', 'pause', 'edit', 'share', 'revoke', 'setSharing', 'move', 'deleteAsset'];
const ENVIRONMENTS = [
  ['production', 'Production'],
  ['staging', 'Staging'],
] as const;

export function ActivityScreen() {
  const act = useAct();
  return (
    <section className="screen">
      <h1>Activity</h1>
      <p className="lede">
        Every change in this product you may see: who launched, paused, edited, shared or moved
        what, and when. New changes appear as they happen.
      </p>
      {act ? (
        <Feed act={act} />
      ) : (
        <p className="notice">Activity is not shown while viewing as someone.</p>
      )}
    </section>
  );
}

interface Filters {
  type: string;
  environment: string;
  action: string;
  actor: string;
  since: string;
}

const NONE: Filters = { type: '', environment: '', action: '', actor: '', since: '' };

/** The feed's filter from the form (empty fields are left out; `since` is a local date). */
export function filterOf(f: Filters): ActivityFilter {
  const since = f.since ? new Date(`${f.since}T00:00:00`).getTime() : Number.NaN;
  return {
    ...(f.type ? { type: f.type } : {}),
    ...(f.environment ? { environment: f.environment } : {}),
    ...(f.action ? { action: f.action } : {}),
    ...(f.actor ? { actor: f.actor } : {}),
    ...(Number.isFinite(since) ? { since } : {}),
  };
}

function Feed({ act }: { act: ActivityPlugin }) {
  const [filters, setFilters] = useState<Filters>(NONE);
  const { items, more, status, error, loadMore } = useActivity(act, filterOf(filters));
  const titles = useTitles();
  const [loadingMore, setLoadingMore] = useState(false);
  const id = useId();
  const set = (k: keyof Filters) => (e: { target: { value: string } }) =>
    setFilters({ ...filters, [k]: e.target.value });
  const filtered = JSON.stringify(filters) !== JSON.stringify(NONE);
  return (
    <>
      <form
        className="card filters"
        aria-label="Filter the activity"
        onSubmit={(e) => e.preventDefault()}
      >
        <div className="filter">
          <label htmlFor={`${id}-type`}>What</label>
          <select id={`${id}-type`} value={filters.type} onChange={set('type')}>
            <option value="">Everything</option>
            {TYPES.map((t) => (
              <option key={t} value={t}>
                {capital(kindOf(t))}s
              </option>
            ))}
          </select>
        </div>
        <div className="filter">
          <label htmlFor={`${id}-env`}>Environment</label>
          <select id={`${id}-env`} value={filters.environment} onChange={set('environment')}>
            <option value="">Any</option>
            {ENVIRONMENTS.map(([v, label]) => (
              <option key={v} value={v}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <div className="filter">
          <label htmlFor={`${id}-action`}>Change</label>
          <select id={`${id}-action`} value={filters.action} onChange={set('action')}>
            <option value="">Any change</option>
            {ACTIONS.map((a) => (
              <option key={a} value={a}>
                {capital(verbOf(a))}
              </option>
            ))}
          </select>
        </div>
        <div className="filter">
          <label htmlFor={`${id}-actor`}>By</label>
          <select id={`${id}-actor`} value={filters.actor} onChange={set('actor')}>
            <option value="">Anyone</option>
            {users.map((u) => (
              <option key={u.id} value={u.id}>
                {u.name}
              </option>
            ))}
          </select>
        </div>
        <div className="filter">
          <label htmlFor={`${id}-since`}>Since</label>
          <input id={`${id}-since`} type="date" value={filters.since} onChange={set('since')} />
        </div>
        <button
          type="button"
          className="action-btn activity-clear"
          onClick={() => setFilters(NONE)}
        >
          Clear filters
        </button>
      </form>
      <section className="card" aria-labelledby={`${id}-list`} aria-busy={status === 'loading'}>
        <h2 id={`${id}-list`}>{filtered ? 'Matching changes' : 'All changes'}</h2>
        {status === 'error' && (
          <p className="notice refused" role="alert">
            The activity could not be loaded: {error?.message}
          </p>
        )}
        {status === 'loading' && items.length === 0 && (
          <Skeleton lines={4} label="Loading the activity…" />
        )}
        {status === 'ready' && items.length === 0 && (
          <p className="muted">
            {filtered ? 'No change matches these filters.' : 'Nothing has happened here yet.'}
          </p>
        )}
        {items.length > 0 && (
          <ol className="activity-list" data-testid="activity-list">
            {items.map((i) => (
              <li key={i.id} data-action={i.action} data-actor={i.actor}>
                <span className="activity-text">{sentenceOf(i, titles)}</span>
                <time className="muted" dateTime={new Date(i.at).toISOString()} title={when(i.at)}>
                  {ago(i.at)}
                </time>
              </li>
            ))}
          </ol>
        )}
        {more && (
          <button
            type="button"
            className="action-btn"
            disabled={loadingMore}
            onClick={async () => {
              setLoadingMore(true);
              await loadMore();
              setLoadingMore(false);
            }}
          >
            {loadingMore ? 'Loading…' : 'Load more'}
          </button>
        )}
        <p className="muted activity-count" aria-live="polite">
          {status === 'ready' &&
            items.length > 0 &&
            `${items.length} ${items.length === 1 ? 'change' : 'changes'} shown${
              filters.actor ? ` by ${userName(filters.actor)}` : ''
            }`}
        </p>
      </section>
    </>
  );
}

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
