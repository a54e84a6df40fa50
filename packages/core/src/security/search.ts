/**
 * The escalation search (issue 10): random sequences of operations by actors who are
 * not super admins over generated worlds; after each accepted operation every user's
 * full permission set is compared with the one before and judged (`judge`); a refused
 * operation must change nothing (MODEL R4). Shared by the test and the bench figure.
 */
import fc from 'fast-check';
import { GrantkitError } from '../errors.ts';
import { createModel, type Model } from '../model/model.ts';
import type { WorldInput } from '../model/state.ts';
import type { Schema } from '../schema/schema.ts';
import { type Allowances, before, type Escalation, judge } from './invariant.ts';
import { type Step, sequenceArb } from './ops.ts';
import { type Perm, type PermSet, permsOf, universe } from './permissions.ts';
import { ALL_USERS, worldArb } from './worlds.ts';

/** What one or many sequences did. */
export interface Tally {
  sequences: number;
  steps: number;
  accepted: number;
  /** Accepted and refused steps per operation. */
  readonly perOp: Record<string, { accepted: number; refused: number }>;
  /** Gains MODEL allowed, by why. */
  readonly allowed: Allowances;
  /** What broke, by rule and operation. */
  readonly broken: Record<string, number>;
}

/** A fresh, empty tally. */
export const newTally = (): Tally => ({
  sequences: 0,
  steps: 0,
  accepted: 0,
  perOp: {},
  allowed: {},
  broken: {},
});

const clock = () => 0;

function setsOf(m: Model, perms: readonly Perm[]): Map<string, PermSet> {
  return new Map(ALL_USERS.map((u) => [u, permsOf(m, u, perms)]));
}

/** Whether `model` differs from the world `state` describes (both seen through `toWorld`). */
function changed(schema: Schema, state: WorldInput, model: Model): boolean {
  const then = createModel(schema, state, { now: clock }).toWorld();
  return JSON.stringify(then) !== JSON.stringify(model.toWorld());
}

/** Runs one sequence from `world`; returns what broke (empty when nothing did). */
export function runSequence(
  schema: Schema,
  world: WorldInput,
  steps: readonly Step[],
  tally = newTally(),
): Escalation[] {
  const model = createModel(schema, world, { now: clock });
  // The state as data: the input at first, then what `toWorld` gives after each accepted step
  // (a refused step changes nothing, MODEL R4, which is checked below).
  let state: WorldInput = world;
  const perms = universe(model);
  let sets = setsOf(model, perms);
  const found: Escalation[] = [];
  tally.sequences++;
  for (const { actor, op } of steps) {
    tally.steps++;
    const count = tally.perOp[op.op] ?? { accepted: 0, refused: 0 };
    tally.perOp[op.op] = count;
    const was = before(model, state, sets, ALL_USERS, actor, op);
    let error: unknown;
    try {
      model.apply(actor, op);
    } catch (e) {
      error = e;
    }
    if (error !== undefined) {
      count.refused++;
      if (!(error instanceof GrantkitError))
        found.push({
          rule: 'R4',
          actor,
          op,
          user: actor,
          what: 'untyped error',
          why: String(error),
        });
      else if (
        model.revision !== was.revision ||
        (count.refused % 8 === 0 && changed(schema, state, model))
      )
        found.push({
          rule: 'R4',
          actor,
          op,
          user: actor,
          what: 'state',
          why: `refused (${error.message}) yet changed the world`,
        });
      continue;
    }
    count.accepted++;
    tally.accepted++;
    const nextState = model.toWorld();
    const nextSets = setsOf(model, perms);
    found.push(
      ...judge(was, { model, world: nextState, sets: nextSets }, actor, op, perms, tally.allowed),
    );
    state = nextState;
    sets = nextSets;
  }
  for (const f of found) {
    const key = `${f.rule} ${f.op.op} ${f.what.includes(':') ? f.what.split(':')[0] : f.what}`;
    tally.broken[key] = (tally.broken[key] ?? 0) + 1;
  }
  return found;
}

/** Options of `search`. */
export interface SearchOptions {
  readonly schema: Schema;
  readonly numRuns: number;
  readonly seed: number;
  /** Longest sequence (default 4). */
  readonly maxSteps?: number;
}

/** The outcome of a search. */
export interface SearchResult {
  readonly tally: Tally;
  /** Sequences in which something broke. */
  readonly escalations: number;
  /** The first breaks found, at most 20. */
  readonly examples: Escalation[];
  /** The first failing sequence, shrunk by fast-check, with what it broke. */
  readonly shrunk?: { world: WorldInput; steps: Step[]; found: Escalation[] };
}

/** Runs `numRuns` sequences from `seed`; shrinks the first one that breaks something. */
export function search(opts: SearchOptions): SearchResult {
  const tally = newTally();
  const examples: Escalation[] = [];
  let escalations = 0;
  const arb = fc.tuple(worldArb, sequenceArb(opts.maxSteps ?? 4));
  const params = { numRuns: opts.numRuns, seed: opts.seed };
  fc.check(
    fc.property(arb, ([world, steps]) => {
      const found = runSequence(opts.schema, world, steps, tally);
      if (found.length > 0) escalations++;
      if (examples.length < 20) examples.push(...found.slice(0, 20 - examples.length));
    }),
    params,
  );
  if (escalations === 0) return { tally, escalations, examples };
  const failure = fc.check(
    fc.property(arb, ([world, steps]) => runSequence(opts.schema, world, steps).length === 0),
    params,
  );
  const [world, steps] = failure.counterexample![0];
  return {
    tally,
    escalations,
    examples,
    shrunk: { world, steps, found: runSequence(opts.schema, world, steps) },
  };
}
