/**
 * The shared part of snapshots (system folders, public assets, the links below them) is
 * kept current incrementally after each change. Property: after random operation
 * sequences (refused ones and rollbacks included), every user's snapshot compiled
 * incrementally is byte-for-byte the snapshot compiled from scratch.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { model, pages } from '../__fixtures__/shared.ts';
import { type Model, storeOf } from '../model/model.ts';
import { stepArb } from '../security/ops.ts';
import { ALL_USERS, SUPER, worldArb } from '../security/worlds.ts';
import { compileSnapshot } from './compile.ts';

const compileAll = (m: Model) =>
  ALL_USERS.map((u) => JSON.stringify(compileSnapshot(m, u, { tenant: 't', now: 0 })));

/** From scratch: every cache of the store dropped, the shared part filed again. */
function fromScratch(m: Model): string[] {
  storeOf(m).resetCaches();
  return compileAll(m);
}

/** Steps by the escalation search's actors, half of them by the super admin (who is refused less). */
const stepsArb = fc.array(
  fc.tuple(stepArb, fc.boolean(), fc.boolean()).map(([step, bySuper, compile]) => ({
    ...(bySuper ? { ...step, actor: SUPER } : step),
    compile,
  })),
  { minLength: 1, maxLength: 12 },
);

describe('incremental compilation of the shared part of snapshots', () => {
  it('equals a from-scratch compile after random operation sequences', () => {
    let compared = 0;
    fc.assert(
      fc.property(worldArb, stepsArb, (world, steps) => {
        const m = model(world);
        expect(compileAll(m)).toEqual(fromScratch(m));
        for (const { actor, op, compile } of steps) {
          try {
            m.apply(actor, op);
          } catch {
            // a refused op changes nothing (and a rollback resets the shared part)
          }
          // Sometimes several changes pile up before the next compile.
          if (!compile) continue;
          const incremental = compileAll(m);
          expect(incremental).toEqual(fromScratch(m));
          compared++;
        }
      }),
      { numRuns: 150, seed: 20261126 },
    );
    expect(compared).toBeGreaterThan(300);
  });

  it('follows a folder made public and private again, a move and a delete (MODEL A2, A4, A10)', () => {
    const m = model({
      users: [{ id: 'ann' }, { id: 'own' }, { id: 'sam', superAdmin: true }],
      bundles: [{ id: 'B', grants: pages('dashboards'), users: ['ann'] }],
      resources: [
        { type: 'folder', id: 'f1', owner: 'own' },
        { type: 'folder', id: 'f2', owner: 'own', sharing: 'public-view' },
        { type: 'dashboard', id: 'd1', parent: 'f1', owner: 'own' },
        { type: 'dashboard', id: 'd2', parent: 'f1', owner: 'own' },
      ],
    });
    const linksOf = () =>
      (compileSnapshot(m, 'ann', { tenant: 't' }).types.dashboard?.up ?? {}) as Record<
        string,
        unknown
      >;
    expect(linksOf()).toEqual({});
    m.apply('sam', { op: 'setSharing', args: { asset: 'f1', sharing: 'public-view' } });
    expect(Object.keys(linksOf())).toEqual(['f1']);
    m.apply('sam', { op: 'move', args: { assets: ['d2'], to: 'f2' } });
    expect(Object.keys(linksOf())).toEqual(['f1', 'f2']);
    m.apply('sam', { op: 'deleteAsset', args: { asset: 'd1' } });
    m.apply('sam', { op: 'setSharing', args: { asset: 'f1', sharing: 'private' } });
    expect(Object.keys(linksOf())).toEqual(['f2']);
    expect(compileAll(m)).toEqual(fromScratch(m));
  });
});
