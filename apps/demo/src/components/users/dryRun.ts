/**
 * Would the server refuse these ops? Runs them on a model of the tenant's people, groups,
 * bundles and sharing settings (core's own rules, so R3's "only roles that reach you" and
 * "nothing you do not hold" are judged exactly as the server will) and answers the first
 * refusal, so the UI greys an action with its reason before the click (MODEL A12).
 */
import { createModel, loadSchema, type Op, RuleViolationError } from '@grantkit/core';
import type { WorldBundle, WorldGroup, WorldRecordType, WorldUser } from '../../api';
import { schemaDef } from '../../schema';

const schema = loadSchema(schemaDef);

/** What the tenant's admin reads give a UserManager (GET /world/users, groups, bundles). */
export interface PeopleWorld {
  readonly users: readonly WorldUser[];
  readonly groups: readonly WorldGroup[];
  readonly bundles: readonly WorldBundle[];
  readonly recordTypes?: readonly WorldRecordType[] | undefined;
}

/** A refusal the UI can show: the rule id and the model's sentence. */
export interface Refusal {
  readonly rule: string;
  readonly message: string;
}

/**
 * The first refusal of `ops` applied in order by `actor`, or `null` when all would pass.
 * Input errors are not refusals (the form reports those itself).
 */
export function refusalOf(world: PeopleWorld, actor: string, ops: readonly Op[]): Refusal | null {
  let model: ReturnType<typeof createModel>;
  try {
    model = createModel(schema, {
      users: world.users,
      groups: world.groups,
      bundles: world.bundles,
      ...(world.recordTypes ? { recordTypes: world.recordTypes } : {}),
    });
  } catch {
    return null;
  }
  for (const op of ops) {
    try {
      model.apply(actor, op);
    } catch (error) {
      if (error instanceof RuleViolationError)
        return { rule: error.rule, message: sentence(error.message) };
      return null;
    }
  }
  return null;
}

/** "MODEL R3: ccm may not … . Ask … (spec/MODEL.md)" → "ccm may not … ." */
export function sentence(message: string): string {
  return message
    .replace(/^MODEL [A-Z]+\d+[a-z]?: /, '')
    .replace(/\s*\(spec\/MODEL\.md\)\s*$/, '')
    .trim();
}

/** The bundles `userId` holds by hand (assigned roles). */
export function assignedRoles(world: PeopleWorld, userId: string): Set<string> {
  const user = world.users.find((u) => u.id === userId);
  const out = new Set<string>(user?.roles ?? []);
  for (const b of world.bundles) if (b.users?.includes(userId)) out.add(b.id);
  return out;
}
