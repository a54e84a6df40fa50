/**
 * Runs a scenario's steps against the model and reports each failing step
 * with what was expected, what came back and the core's explanation.
 */
import { GrantkitError, InvalidInputError, RuleViolationError } from '../errors.ts';
import type { ActivityEvent } from '../model/activity.ts';
import { type ActivityFeed, createActivityFeed } from '../model/activity-feed.ts';
import { createModel, type Model } from '../model/model.ts';
import type { Schema } from '../schema/schema.ts';
import type { Scenario, Step } from './scenario.ts';

/** A failing step. */
export interface StepFailure {
  readonly step: number;
  readonly verb: string;
  readonly expected: unknown;
  readonly got: unknown;
  readonly explanation: string;
}

/** The outcome of one scenario. */
export interface ScenarioResult {
  readonly passed: number;
  readonly failed: number;
  readonly failures: readonly StepFailure[];
}

const sortList = (v: unknown): unknown => (Array.isArray(v) ? [...v].sort() : v);
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** FORMAT.md: `activity` and `notifications` name an event by actor, action and resource. */
const eventView = (e: ActivityEvent) => ({
  actor: e.actor,
  action: e.action,
  type: e.resource.type,
  id: e.resource.id,
});

function runStep(
  model: Model,
  feed: ActivityFeed,
  step: Step,
): { verb: string; got: unknown; expected: unknown; explanation: () => string } {
  if ('check' in step) {
    const c = step.check;
    const opts = c.viewAs === undefined ? undefined : { viewAs: c.viewAs };
    return {
      verb: 'check',
      got: model.check(c.user, c.action, c.resource, opts),
      expected: step.expect,
      explanation: () => model.explain(c.user, c.action, c.resource, opts).message,
    };
  }
  if ('menu' in step)
    return {
      verb: 'menu',
      got: model.menu(step.menu.user),
      expected: sortList(step.expect),
      explanation: () => '',
    };
  if ('search' in step)
    return {
      verb: 'search',
      got: model.search(step.search.user, step.search.query),
      expected: sortList(step.expect),
      explanation: () => '',
    };
  if ('list' in step)
    return {
      verb: 'list',
      got: model.list(step.list.user, step.list.type),
      expected: sortList(step.expect),
      explanation: () => '',
    };
  if ('members' in step)
    return {
      verb: 'members',
      got: model.members(step.members),
      expected: sortList(step.expect),
      explanation: () => '',
    };
  if ('do' in step) {
    const d = step.do;
    let got: unknown = 'ok';
    let message = '';
    try {
      const result = model.apply(
        d.actor,
        { op: d.op, args: d.args ?? {} },
        d.viewAs === undefined ? undefined : { viewAs: d.viewAs },
      );
      feed.record(model, result); // MODEL W1, W4: judged on the state the op leaves
    } catch (e) {
      if (!(e instanceof GrantkitError)) throw e;
      // FORMAT.md: a refusal names its MODEL rule; an op refused for bad input is `input`.
      got = {
        error:
          e instanceof RuleViolationError
            ? e.rule
            : e instanceof InvalidInputError
              ? 'input'
              : e.code,
      };
      message = e.message;
    }
    return { verb: 'do', got, expected: step.expect, explanation: () => message };
  }
  if ('activity' in step)
    return {
      verb: 'activity',
      got: feed.activity(model, step.activity.user).map(eventView),
      expected: step.expect,
      explanation: () => '',
    };
  if ('notifications' in step)
    return {
      verb: 'notifications',
      // oldest first (FORMAT.md); the inbox lists newest first
      got: [...feed.notifications(model, step.notifications.user).items]
        .reverse()
        .map((n) => eventView(n.event)),
      expected: step.expect,
      explanation: () => '',
    };
  const got = model.audit(step.audit.resource).map((a) => ({ actor: a.actor, action: a.action }));
  return { verb: 'audit', got, expected: step.expect, explanation: () => '' };
}

/** Runs every step of a scenario in order (the world is built from the scenario itself). */
export function runScenario(scenario: Scenario, schema: Schema): ScenarioResult {
  const model = createModel(schema, scenario, { now: () => 0 });
  const feed = createActivityFeed();
  const failures: StepFailure[] = [];
  scenario.steps.forEach((step, i) => {
    const r = runStep(model, feed, step);
    const ordered = r.verb === 'audit' || r.verb === 'activity' || r.verb === 'notifications';
    const got = Array.isArray(r.got) && !ordered ? [...r.got].sort() : r.got;
    if (!same(got, r.expected))
      failures.push({
        step: i,
        verb: r.verb,
        expected: r.expected,
        got,
        explanation: r.explanation(),
      });
  });
  return { passed: scenario.steps.length - failures.length, failed: failures.length, failures };
}
