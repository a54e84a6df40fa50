// @vitest-environment node
/** The snapshot holder: what it holds, how current it is, and the status it derives (MODEL C3, C4). */
import { compileSnapshot, createModel, explainFull, type GrantSnapshot } from '@grantkit/core';
import { describe, expect, it } from 'vitest';
import { schema, TENANT, world } from './__fixtures__/world.ts';
import { GrantkitClientError } from './errors.ts';
import { createHolder } from './holder.ts';
import { createClientStore } from './store.ts';

const model = createModel(schema, world as never);
const snap = (revision: number, user = 'ann'): GrantSnapshot =>
  JSON.parse(JSON.stringify(compileSnapshot(model, user, { tenant: TENANT, revision })));
const MAX_STALE = 3_600_000; // the snapshots' own maxStale: 3,600 s
const survey = { type: 'survey' } as const;

/** A holder on a clock the test moves. */
function setup() {
  const clock = { now: 1_000_000 };
  const store = createClientStore({
    status: 'loading',
    reason: null,
    revision: null,
    tenant: TENANT,
    userId: 'ann',
    error: null,
    snapshot: null,
  });
  const holder = createHolder({ store, now: () => clock.now });
  holder.reset({ tenant: TENANT, userId: 'ann' });
  return { clock, store, holder };
}

describe('createHolder', () => {
  it('fails closed until it holds a snapshot, then answers from it while fresh', () => {
    const { store, holder, clock } = setup();
    expect(store.get().status).toBe('loading');
    expect(holder.evaluator.check('design', survey)).toBe(false);
    holder.take(snap(3), { at: clock.now });
    expect(store.get()).toMatchObject({ status: 'ready', revision: 3, reason: null });
    expect(holder.evaluator.check('design', survey)).toBe(true);
    expect(holder.evaluator.explain('design', survey).message).toBe(
      'design on every survey: allowed',
    );
  });

  it('turns stale at maxStale; the reason says why (finding 10: nothing announced, failed or confirmed)', () => {
    const { store, holder, clock } = setup();
    holder.take(snap(3), { at: clock.now });
    clock.now += MAX_STALE;
    holder.settle();
    expect(store.get()).toMatchObject({ status: 'stale', reason: 'not-revalidated' });
    expect(store.get().error?.code).toBe('stale');
    expect(holder.evaluator.check('design', survey)).toBe(false);
    // a confirmation (a push heartbeat) makes it fresh again
    expect(holder.live(clock.now)).toBe(true);
    expect(store.get().status).toBe('ready');
  });

  it('finding 10: a newer revision announced and not loaded is never kept fresh: stale with revision-pending', () => {
    const { store, holder, clock } = setup();
    holder.take(snap(3), { at: clock.now });
    expect(holder.announce(4)).toBe(true);
    expect(holder.behind).toBe(true);
    expect(holder.live(clock.now + 1)).toBe(false); // heartbeats confirm nothing now
    // the held grants re-stamped at an older revision than announced are not confirmed either
    holder.take({ ...snap(3) }, { at: clock.now + MAX_STALE, same: true });
    expect(holder.heldAt).toBe(clock.now);
    clock.now += MAX_STALE;
    holder.settle();
    expect(store.get()).toMatchObject({ status: 'stale', reason: 'revision-pending' });
  });

  it('after a failed refresh heartbeats confirm nothing; stale with refresh-failed', () => {
    const { store, holder, clock } = setup();
    holder.take(snap(3), { at: clock.now });
    holder.fail(new GrantkitClientError('network', 'down'));
    expect(holder.failures).toBe(1);
    expect(store.get()).toMatchObject({ status: 'ready', error: { code: 'network' } });
    expect(holder.live(clock.now + 1)).toBe(false);
    clock.now += MAX_STALE;
    holder.settle();
    expect(store.get()).toMatchObject({ status: 'stale', reason: 'refresh-failed' });
    holder.succeed();
    expect(holder.failures).toBe(0);
  });

  it('refuses an older revision (MODEL C3) and keeps what it holds', () => {
    const { store, holder, clock } = setup();
    holder.take(snap(5), { at: clock.now });
    expect(() => holder.take(snap(4), { at: clock.now })).toThrow(
      expect.objectContaining({ code: 'older-snapshot' }),
    );
    expect(store.get().revision).toBe(5);
  });

  it('a new revision with the same grants keeps the evaluator and notifies no type', () => {
    const { store, holder, clock } = setup();
    holder.take(snap(3), { at: clock.now });
    const evaluator = holder.evaluator;
    const seen: unknown[] = [];
    store.subscribe((change) => seen.push(change.types));
    const taken = holder.take(snap(4), { at: clock.now + 1 });
    expect(taken).toEqual({ snapshot: holder.held, previous: 3, at: clock.now + 1, changed: true });
    expect(holder.evaluator).toBe(evaluator);
    expect(seen).toEqual([new Set()]);
    // re-stamped (a 304 at a later revision): not a change
    expect(holder.take(snap(4), { at: clock.now + 2, same: true }).changed).toBe(false);
  });

  it('reset(null) forgets everything: idle, every check false', () => {
    const { store, holder, clock } = setup();
    holder.take(snap(3), { at: clock.now });
    holder.reset(null);
    expect(store.get()).toMatchObject({ status: 'idle', userId: null, snapshot: null });
    expect(holder.held).toBeNull();
    expect(holder.evaluator.check('design', survey)).toBe(false);
    expect(holder.evaluator.explain('design', survey).message).toBe('no user is signed in');
  });

  it('without timers (SSR), fresh grants are ready with no reason and no error; past maxStale, stale', () => {
    const { store, clock } = setup();
    const holder = createHolder({ store, now: () => clock.now, timers: false });
    holder.reset({ tenant: TENANT, userId: 'ann' });
    holder.take(snap(3), { at: clock.now });
    expect(store.get()).toMatchObject({ status: 'ready', reason: null, error: null });
    clock.now += MAX_STALE;
    holder.settle();
    expect(store.get()).toMatchObject({ status: 'stale', reason: 'not-revalidated' });
    expect(store.get().error?.code).toBe('stale');
  });

  it('with `explain`, a ready holder gives its explanations', () => {
    const { store } = setup();
    const holder = createHolder({
      store,
      now: () => 1,
      explainWith: explainFull,
    });
    holder.reset({ tenant: TENANT, userId: 'ann' });
    holder.take(snap(3), { at: 1 });
    expect(holder.evaluator.explain('design', survey).message).toContain('surveyors');
  });
});
