/**
 * Permission attributes of record types (MODEL D6, D11): `addAttribute` and
 * `removeAttribute` by those MODEL D8 names, and the check that a rule names only
 * listed attributes (an empty list accepts any name).
 */
import { attributesWorld, ruleNames, unlistedName } from '../model/attributes.ts';
import {
  type AttributeSource,
  MAX_PERMISSION_ATTRIBUTES,
  type RecordTypeState,
  type SharingRule,
} from '../model/state.ts';
import type { OpContext } from './context.ts';
import { recordType, save } from './records.ts';

/**
 * MODEL D6, D11: refuses a rule that names a user attribute (criteria) or a record field
 * (advice) outside the type's non-empty list; with an empty list, the names the type's
 * rules (`rules`, after the change) use count as its permission attributes: at most 20.
 */
export function requireListedNames(
  ctx: OpContext,
  r: RecordTypeState,
  rule: SharingRule,
  rules: readonly SharingRule[],
): void {
  const missing = unlistedName(r.attributes, rule);
  if (missing !== undefined)
    ctx.refuse(
      'D6',
      `${missing.source === 'user' ? 'user attribute' : 'record field'} "${missing.name}" is not a permission attribute of ${r.type}`,
      `Add it first (addAttribute with source "${missing.source}"), or use one of ${[...r.attributes.keys()].join(', ')}`,
    );
  if (r.attributes.size > 0) return;
  const used = new Set<string>();
  for (const x of rules) {
    const names = ruleNames(x);
    for (const n of names.user) used.add(`user:${n}`);
    for (const n of names.resource) used.add(`resource:${n}`);
  }
  if (used.size > MAX_PERMISSION_ATTRIBUTES)
    ctx.refuse(
      'D6',
      `${r.type}'s rules would use ${used.size} permission attributes`,
      `Keep to at most ${MAX_PERMISSION_ATTRIBUTES}; reuse attributes the rules already use`,
    );
}

const listOf = (r: RecordTypeState) => ({ attributes: attributesWorld(r.attributes) });

/** MODEL D11: adds a permission attribute (D8's authority; K8 for a duplicate; D6 past 20). */
export function addAttribute(ctx: OpContext): void {
  const r = recordType(ctx);
  const name = ctx.string('name');
  const source = ctx.string('source') as AttributeSource;
  ctx.requireSharingAdmin();
  if (r.attributes.has(name))
    ctx.refuse(
      'K8',
      `${r.type} already has the permission attribute "${name}"`,
      'Use the attribute already listed',
    );
  if (r.attributes.size >= MAX_PERMISSION_ATTRIBUTES)
    ctx.refuse(
      'D6',
      `${r.type} already has ${r.attributes.size} permission attributes`,
      `Keep to at most ${MAX_PERMISSION_ATTRIBUTES}; remove a record field no rule uses first`,
    );
  const before = listOf(r);
  save(ctx, r);
  ctx.store.put(r.attributes, name, source);
  ctx.audit('addAttribute', 'recordType', r.type, before, listOf(r));
}

/** MODEL D6, D11: removes a record field no rule of the type names; user attributes stay. */
export function removeAttribute(ctx: OpContext): void {
  const r = recordType(ctx);
  const name = ctx.string('name');
  const source = r.attributes.get(name);
  if (source === undefined) ctx.invalid('name', `${r.type} has no permission attribute "${name}"`);
  ctx.requireSharingAdmin();
  if (source === 'user')
    ctx.refuse(
      'D6',
      `"${name}" is a user attribute of ${r.type}, and user attributes cannot be removed`,
      'Keep it; rules may stop using it',
    );
  const rule = r.rules.find((x) => ruleNames(x).resource.has(name));
  if (rule !== undefined)
    ctx.refuse(
      'D6',
      `rule "${rule.id}" of ${r.type} uses the record field "${name}"`,
      'Edit or delete that rule first',
    );
  const before = listOf(r);
  save(ctx, r);
  ctx.store.remove(r.attributes, name);
  ctx.audit('removeAttribute', 'recordType', r.type, before, listOf(r));
}
