/**
 * Editing and deleting one sharing rule by id (MODEL D10), by those MODEL D8 names;
 * an edited rule names only the type's permission attributes (MODEL D6, D11).
 */
import type { RecordTypeState, SharingRule } from '../model/state.ts';
import { validateRule } from '../model/world.ts';
import { requireListedNames } from './attributes.ts';
import type { OpContext } from './context.ts';
import { recordType, save } from './records.ts';

/** The rule `args.id` names; an unknown id is an input error (MODEL D10). */
function ruleOf(ctx: OpContext, r: RecordTypeState): SharingRule {
  const id = ctx.string('id');
  const rule = r.rules.find((x) => x.id === id);
  if (rule === undefined) ctx.invalid('id', `${r.type} has no rule "${id}"`);
  return rule;
}

/** MODEL D10: replaces a rule's actions, criteria and advice (its id stays). */
export function editRule(ctx: OpContext): void {
  const r = recordType(ctx);
  const old = ruleOf(ctx, r);
  const given = ctx.object('rule');
  if (given.id !== undefined && given.id !== old.id)
    ctx.invalid('args.rule.id', `must be "${old.id}" or left out (a rule keeps its id)`);
  const rule = structuredClone(validateRule({ ...given, id: old.id }, 'args.rule'));
  ctx.requireSharingAdmin();
  const rules = r.rules.map((x) => (x === old ? rule : x));
  requireListedNames(ctx, r, rule, rules);
  if (JSON.stringify(rule) === JSON.stringify(old)) return; // nothing changes (not audited)
  save(ctx, r);
  ctx.store.set(r, 'rules', rules);
  ctx.audit('editRule', 'recordType', r.type, old, rule);
}

/** MODEL D10: deletes one rule. */
export function deleteRule(ctx: OpContext): void {
  const r = recordType(ctx);
  const old = ruleOf(ctx, r);
  ctx.requireSharingAdmin();
  save(ctx, r);
  ctx.store.set(
    r,
    'rules',
    r.rules.filter((x) => x !== old),
  );
  ctx.audit('deleteRule', 'recordType', r.type, old, null);
}
