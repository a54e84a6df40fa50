/**
 * MODEL C1 agreement: every `check` step of every public scenario gives the same answer
 * through model → compileSnapshot → JSON → parse → evaluator as through the model,
 * with the scenarios' `do` steps applied in order so the world evolves. Each scenario
 * world is also swept: every user × resource × action, type-level and per environment.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gainsight, repoDir } from '../__fixtures__/shared.ts';
import { collect } from '../conformance/cli.ts';
import { validateScenario } from '../conformance/scenario.ts';
import { createModel, type Model } from '../model/model.ts';
import type { ResourceRef } from '../schema/types.ts';
import { compileSnapshot } from './compile.ts';
import type { SnapshotEvaluator } from './evaluator.ts';
import { createEvaluator } from './explain.ts';
import type { GrantSnapshot } from './format.ts';

const files = collect([
  join(repoDir(), 'conformance', 'scenarios'),
  // Issue 13: groups, rule edits, permission attributes, direct grants (MODEL D9–D11, N13).
  join(repoDir(), 'conformance', 'next', 'admin'),
  // Our review scenarios: edge cases of MODEL sections 1-8 the public ones leave out.
  join(repoDir(), 'packages', 'core', 'src', 'conformance', 'review'),
]);

/** Through JSON, as the browser receives it. */
function evaluatorFor(model: Model, user: string, viewAs?: string): SnapshotEvaluator {
  const snapshot = compileSnapshot(model, user, {
    tenant: 't',
    ...(viewAs === undefined ? {} : { viewAs }),
  });
  return createEvaluator(JSON.parse(JSON.stringify(snapshot)) as GrantSnapshot);
}

/** Every user × every stored resource (plus unknown ids and type-level refs) × every action. */
function sweep(model: Model): { checks: number; mismatches: string[] } {
  const world = model.toWorld();
  const schema = model.schema;
  const refs: ResourceRef[] = [];
  for (const t of schema.types.values()) {
    refs.push({ type: t.name }, { type: t.name, id: 'no-such-id' });
    for (const e of t.environments ?? []) refs.push({ type: t.name, env: e });
  }
  for (const p of schema.pages.keys()) refs.push({ type: 'page', id: p });
  for (const r of world.resources ?? []) refs.push({ type: r.type, id: r.id });
  const mismatches: string[] = [];
  let checks = 0;
  for (const u of world.users) {
    const ev = evaluatorFor(model, u.id);
    for (const ref of refs) {
      for (const action of schema.types.get(ref.type)?.actions ?? []) {
        checks++;
        const want = model.check(u.id, action, ref);
        if (ev.check(action, ref) !== want || ev.explain(action, ref).allowed !== want)
          mismatches.push(`${u.id} ${action} ${JSON.stringify(ref)}: model ${want}`);
      }
    }
  }
  return { checks, mismatches };
}

describe('snapshot agreement with the model on the public scenarios', () => {
  it('finds the public scenarios', () => {
    expect(files.length).toBeGreaterThanOrEqual(12);
  });

  for (const file of files) {
    const scenario = validateScenario(JSON.parse(readFileSync(file, 'utf8')));
    it(`${scenario.name} (${file.split('/').pop()})`, () => {
      const model = createModel(gainsight(), scenario, { now: () => 0 });
      let checkSteps = 0;
      const mismatches: string[] = [];
      const first = sweep(model);
      mismatches.push(...first.mismatches);
      scenario.steps.forEach((step, i) => {
        if ('do' in step) {
          const d = step.do;
          try {
            model.apply(
              d.actor,
              { op: d.op, args: d.args ?? {} },
              d.viewAs === undefined ? undefined : { viewAs: d.viewAs },
            );
          } catch {
            // refused ops change nothing
          }
          return;
        }
        if (!('check' in step)) return;
        const c = step.check;
        checkSteps++;
        const want = model.check(
          c.user,
          c.action,
          c.resource,
          c.viewAs === undefined ? undefined : { viewAs: c.viewAs },
        );
        const ev = evaluatorFor(model, c.user, c.viewAs);
        const got = ev.check(c.action, c.resource);
        const why = ev.explain(c.action, c.resource);
        if (got !== want || why.allowed !== want)
          mismatches.push(`step ${i}: model ${want}, snapshot ${got} (${why.message})`);
      });
      const last = sweep(model);
      mismatches.push(...last.mismatches);
      expect(mismatches).toEqual([]);
      expect(checkSteps + first.checks + last.checks).toBeGreaterThan(0);
    });
  }
});
