/**
 * The snapshot holder: the one valid snapshot the client answers from, its evaluator,
 * and how current it is: when the server last confirmed it, the newest revision the
 * server announced, and how many refreshes failed since. It derives the status from
 * these (fail closed: only `ready` answers from the snapshot, MODEL C3, C4) and arms the
 * timer that turns it `stale` at maxStale.
 */
import { createCheckSwitch, explainShort, type SnapshotChecker } from '@grantkit/core/snapshot';
import { denying, type Evaluator } from './deny.ts';
import { GrantkitClientError } from './errors.ts';
import { mergeSnapshot } from './merge.ts';
import type { Received } from './plugin.ts';
import type { ExplainWith } from './reasons.ts';
import type { ClientStore } from './store.ts';
import { timerSlot } from './timer.ts';
import type { ClientState, ClientStatus, GrantkitIdentity, GrantSnapshot } from './types.ts';

type Types = ReadonlySet<string> | 'all';
const NONE: Types = new Set();

/** Bundlers replace `process.env.NODE_ENV`: details in messages are for development builds. */
declare const process: { readonly env: { readonly NODE_ENV?: string } };

/** Checks from `e`, explanations through `explain`. */
const answering = (e: SnapshotChecker, explain: ExplainWith): Evaluator => ({
  check: e.check,
  explain: (action, resource) => explain(e, action, resource),
});

/** What the holder needs. */
export interface HolderOptions {
  readonly store: ClientStore;
  readonly now: () => number;
  /** Maximum staleness in ms; default: the snapshot's own `maxStale` (in seconds). */
  readonly fixedStale?: number | undefined;
  /** How `explain` answers while `ready`; default: short reasons (see `explainTexts`). */
  readonly explainWith?: ExplainWith | undefined;
  /** Arm the timer that turns the snapshot `stale` at maxStale; default `true` (`false`: SSR). */
  readonly timers?: boolean | undefined;
  /** Called by `check` while it denies for want of a ready snapshot (development: the disposed-client warning). */
  readonly denied?: (() => void) | undefined;
}

/** How a snapshot is taken. */
export interface TakeOptions {
  /** When the server confirmed it current (ms since the epoch). */
  readonly at: number;
  /** The held grants, re-stamped with a later revision (a 304 or another tab's `ok`): no merge. */
  readonly same?: boolean | undefined;
}

/**
 * What taking a snapshot did, as the plugins hear it: the snapshot held now, the revision
 * held before (-1: none), when the grants count as confirmed (not later than `at`; kept
 * when older than announced), and whether they are new (not the held ones re-stamped).
 */
export type Taken = Received;

/** The snapshot holder of one client. */
export interface SnapshotHolder {
  /** The snapshot held, or `null`. */
  readonly held: GrantSnapshot | null;
  /** When the held grants were last confirmed current (ms). */
  readonly heldAt: number;
  /** Refreshes failed in a row since the last success. */
  readonly failures: number;
  /** The server announced a newer revision than the one held. */
  readonly behind: boolean;
  /** What answers checks: the snapshot's evaluator while `ready`, else the denying one. */
  readonly evaluator: Evaluator;
  /**
   * `evaluator.check`, as one stable function (core's `createCheckSwitch`, pointed at each
   * new checker): `can` is this function itself, with no getter, wrapper or changing
   * property on its path (each cost as much as the check).
   */
  readonly check: Evaluator['check'];
  /** Maximum staleness of `s` in ms. */
  staleAfter(s: GrantSnapshot): number;
  /**
   * Takes a valid snapshot unless it is older than the one held (MODEL C3: throws
   * `older-snapshot`). Older than the revision announced, it is not confirmed current.
   */
  take(s: GrantSnapshot, options: TakeOptions): Taken;
  /** A live push stream confirms the held grants at `at`, unless something newer is known or a refresh failed. */
  live(at: number): boolean;
  /** The server announced `revision`: returns whether it is newer than the held one. */
  announce(revision: number): boolean;
  /** A refresh failed with `error`. */
  fail(error: GrantkitClientError): void;
  /** A refresh succeeded (or the network came back): failures are forgotten. */
  succeed(): void;
  /** Publishes an error that does not fail the sync (storage). */
  publish(error: GrantkitClientError): void;
  /** Starts over for `identity` (or no one): forgets the grants and everything about them. */
  reset(identity: GrantkitIdentity | null): void;
  /** Judges staleness now and publishes the state (timers may have slept). */
  settle(): void;
}

/**
 * Creates the holder of a client's snapshot, publishing through `store`.
 *
 * @example
 * ```ts
 * const holder = createHolder({ store, now: Date.now });
 * holder.reset({ tenant: 'acme', userId: 'ann' });
 * holder.take(validateSnapshot(raw, 'acme', 'ann'), { at: Date.now() });
 * holder.evaluator.check('view', { type: 'dashboard', id: 'q3' });
 * ```
 */
export function createHolder(options: HolderOptions): SnapshotHolder {
  const {
    store,
    now,
    fixedStale: fixed,
    explainWith: explain = explainShort,
    timers = true,
  } = options;
  let id: GrantkitIdentity | null = null;
  let s: GrantSnapshot | null = null;
  let ev: Evaluator | undefined;
  let at = 0;
  let announced = -1;
  let failures = 0;
  const staleAt = timerSlot();
  const deny = denying(store.get);
  let current: Evaluator = deny;
  // the snapshot the checks index: kept while a newer one changes no type's grants
  let basis: GrantSnapshot | null = null;
  // `check` is the switch's own: pointed at `basis` while ready, else denying
  const live = createCheckSwitch();
  const { denied } = options;
  const refuse =
    denied &&
    (() => {
      denied();
      return false;
    });

  const maxStale = (x: GrantSnapshot) => fixed ?? x.maxStale * 1000;

  /** Derives the status from what is held and when it was confirmed, and publishes the state. */
  const settle = (types: Types = NONE, error = store.get().error): void => {
    staleAt();
    let status: ClientStatus = !id
      ? 'idle'
      : error && error.code !== 'storage'
        ? 'error'
        : 'loading';
    let reason: ClientState['reason'] = null;
    if (s && id) {
      const left = at + maxStale(s) - now();
      status = left > 0 ? 'ready' : 'stale';
      if (left > 0) {
        if (timers) staleAt(settle, left); // called without arguments: the defaults
      } else {
        reason =
          announced > s.revision
            ? 'revision-pending'
            : failures
              ? 'refresh-failed'
              : 'not-revalidated';
        error ??= new GrantkitClientError(
          'stale',
          `grants of revision ${s.revision} are past maxStale`,
          { revision: s.revision },
        );
      }
    }
    current = status === 'ready' ? ev! : deny;
    live.point(current === deny ? null : basis, refuse);
    const prev = store.get();
    store.set(
      {
        status,
        reason,
        error,
        revision: s?.revision ?? null,
        snapshot: s,
        tenant: id?.tenant ?? prev.tenant,
        userId: id?.userId ?? null,
      },
      prev.status === status ? types : 'all',
    );
  };

  return {
    get held() {
      return s;
    },
    get heldAt() {
      return at;
    },
    get failures() {
      return failures;
    },
    get behind() {
      return announced > (s?.revision ?? -1);
    },
    get evaluator() {
      return current;
    },
    check: live.check,
    staleAfter: maxStale,
    take(next, { at: when, same }) {
      const previous = s?.revision ?? -1;
      const { revision } = next;
      if (s && revision < announced) when = at;
      if (revision < previous)
        throw new GrantkitClientError(
          'older-snapshot',
          process.env.NODE_ENV !== 'production'
            ? `ignored snapshot revision ${revision}, older than ${previous}`
            : 'older-snapshot',
          { revision },
        );
      let types: Types = NONE;
      const newer = revision > previous;
      if (newer) {
        if (!s) types = 'all';
        else if (!same) ({ s: next, types } = mergeSnapshot(s, next));
        if (types === 'all' || types.size > 0) {
          basis = next;
          ev = answering({ snapshot: next, check: live.check }, explain);
        }
        s = next;
        at = when;
      } else at = Math.max(at, when);
      settle(types, null);
      return { snapshot: s!, previous, at: when, changed: newer && !same };
    },
    live(when) {
      if (!s || failures || announced > s.revision) return false;
      at = when;
      settle();
      return true;
    },
    announce(revision) {
      announced = Math.max(announced, revision);
      return !s || revision > s.revision;
    },
    fail(error) {
      failures++;
      settle(NONE, error);
    },
    succeed() {
      failures = 0;
    },
    publish: (error) => settle(NONE, error),
    reset(identity) {
      id = identity;
      s = null;
      ev = undefined;
      basis = null;
      at = 0;
      announced = -1;
      failures = 0;
      settle('all', null);
    },
    settle: () => settle(),
  };
}
