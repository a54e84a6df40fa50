/**
 * MODEL N13, C1: direct grants on one resource reach the browser. On generated worlds with
 * random grantOn/revokeOn, every user's evaluator answers `check` and `explain` on the
 * survey (resource and type level, K5) exactly as the model does.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gainsight } from '../__fixtures__/shared.ts';
import { createModel } from '../model/model.ts';
import { ALL_USERS, USERS, worldArb } from '../security/worlds.ts';
import { compileSnapshot } from './compile.ts';
import { createEvaluator } from './explain.ts';
import type { GrantSnapshot } from './format.ts';

const S1 = { type: 'survey', id: 's1' };
const ACTIONS = ['design', 'distribute', 'analyze', 'admin', 'useLibrary'];
const stepArb = fc.record({
  op: fc.constantFrom('grantOn', 'revokeOn'),
  actor: fc.constantFrom('sam', ...USERS),
  user: fc.constantFrom(...USERS),
  actions: fc.subarray(ACTIONS, { minLength: 1 }),
});

describe('direct grants in grant snapshots (MODEL N13, C1)', () => {
  it('N13: the evaluator agrees with the model on check and explain after grantOn/revokeOn', () => {
    let granted = 0;
    fc.assert(
      fc.property(worldArb, fc.array(stepArb, { minLength: 1, maxLength: 6 }), (world, steps) => {
        const model = createModel(gainsight(), world, { now: () => 0 });
        for (const s of steps) {
          try {
            model.apply(s.actor, {
              op: s.op,
              args: { resource: S1, user: s.user, actions: s.actions },
            });
          } catch {
            // refused ops change nothing
          }
        }
        granted += model.toWorld().directGrants?.length ?? 0;
        for (const u of ALL_USERS) {
          if (model.getUser(u) === undefined) continue;
          const snapshot = compileSnapshot(model, u, { tenant: 't' });
          const ev = createEvaluator(JSON.parse(JSON.stringify(snapshot)) as GrantSnapshot);
          for (const ref of [S1, { type: 'survey' }, { type: 'survey', id: 's9' }])
            for (const action of ACTIONS) {
              const want = model.explain(u, action, ref);
              const got = ev.explain(action, ref);
              expect([u, action, ref, ev.check(action, ref)]).toEqual([
                u,
                action,
                ref,
                want.allowed,
              ]);
              expect(got.allowed).toBe(want.allowed);
              // As sets: the snapshot ships a source once, the model names each bundle grant.
              const keys = (rs: readonly object[]) =>
                [...new Set(rs.map((r) => JSON.stringify(r)))].sort();
              expect(keys(got.reasons)).toEqual(keys(want.reasons));
            }
        }
      }),
      { numRuns: 60, seed: 13 },
    );
    expect(granted).toBeGreaterThan(0);
  });
});
