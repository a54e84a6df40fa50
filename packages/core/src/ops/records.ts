/**
 * Sharing settings of record types (MODEL D1–D3, D6, D8) and lifecycle
 * transitions (MODEL E2–E5).
 */

import type { RecordTypeState } from '../model/state.ts';
import { launchKey } from '../model/watches.ts';
import { validateRule } from '../model/world.ts';
import { requireListedNames } from './attributes.ts';
import type { OpContext } from './context.ts';
import { DRAFT_OF, originalOf, publishDraft } from './drafts.ts';

/** The sharing settings of `args.recordType` (MODEL D1: one never configured is open). */
export function recordType(ctx: OpContext): RecordTypeState {
  const s = ctx.store;
  const type = ctx.string('recordType');
  if (s.schema.types.get(type)?.kind !== 'record')
    ctx.invalid('recordType', `"${type}" is not a record type`);
  return s.recordTypes.get(type) ?? { type, everyone: true, rules: [], attributes: new Map() }; // MODEL D1
}

/** Stores changed settings and makes every record answer be recomputed. */
export function save(ctx: OpContext, r: RecordTypeState): void {
  if (ctx.store.recordTypes.get(r.type) !== r) ctx.store.put(ctx.store.recordTypes, r.type, r);
  ctx.store.touchRecords();
}

export const snapshot = (r: RecordTypeState) => ({
  everyone: r.everyone,
  rules: r.rules.map((x) => x.id),
});

/** MODEL D2: on deletes every saved rule; off with no rules leaves only super admins. */
export function setEveryone(ctx: OpContext): void {
  const r = recordType(ctx);
  const on = ctx.boolean('on');
  if (on === undefined) ctx.invalid('on', 'must be a boolean');
  ctx.requireSharingAdmin();
  // Nothing changes (not audited): already open with no rules, or already closed.
  if (r.everyone === on && (!on || r.rules.length === 0)) return;
  const before = snapshot(r);
  save(ctx, r);
  ctx.store.set(r, 'everyone', on);
  if (on) ctx.store.set(r, 'rules', []);
  ctx.audit('setEveryone', 'recordType', r.type, before, snapshot(r));
}

/** MODEL D2, D3, D6, D11: a new rule, naming only the type's permission attributes (if listed). */
export function addRule(ctx: OpContext): void {
  const r = recordType(ctx);
  const rule = validateRule(ctx.args.rule, 'args.rule');
  ctx.requireSharingAdmin();
  if (r.everyone)
    ctx.refuse(
      'D2',
      `${r.type} gives everyone read/write, so a rule would change nothing`,
      'Turn "everyone gets read/write" off first (setEveryone with on: false)',
    );
  if (r.rules.some((x) => x.id === rule.id))
    ctx.refuse('K8', `${r.type} already has a rule "${rule.id}"`, 'Pick another rule id');
  const rules = [...r.rules, structuredClone(rule)];
  requireListedNames(ctx, r, rule, rules);
  const before = snapshot(r);
  save(ctx, r);
  ctx.store.set(r, 'rules', rules);
  ctx.audit('addRule', 'recordType', r.type, before, snapshot(r));
}

/** MODEL E2 (state first, whoever asks), then E3/E4 (the actor's permission), audited (MODEL E5). */
export function transition(ctx: OpContext): void {
  const s = ctx.store;
  const res = ctx.object('resource');
  const typeName = res.type;
  const type = typeof typeName === 'string' ? s.schema.types.get(typeName) : undefined;
  if (type === undefined)
    ctx.invalid('args.resource.type', `unknown type ${JSON.stringify(typeName)}`);
  const action = ctx.string('action');
  const tr = type.lifecycle.get(action);
  if (tr === undefined) ctx.invalid('action', `${type.name} has no lifecycle action "${action}"`);
  const node = typeof res.id === 'string' ? s.resources.get(type.name)?.get(res.id) : undefined;
  if (node === undefined)
    ctx.invalid('args.resource.id', `unknown ${type.name} ${JSON.stringify(res.id)}`);
  // Messages name the state and environment only to those who may view the resource (W1):
  // E2 comes first whoever asks (K9), but its message is not a way to read a hidden one.
  const ref = { type: type.name, id: node.id };
  const seen = type.bits.has('view') ? ctx.can('view', ref) : ctx.can(action, ref);
  if (node.state === undefined || !tr.from.includes(node.state))
    ctx.refuse(
      'E2',
      seen
        ? `${action} is not allowed from state "${node.state ?? 'none'}" of ${type.name} "${node.id}"`
        : `${action} is not allowed from the state of ${type.name} "${node.id}"`,
      `It is allowed from ${tr.from.join(', ')}`,
    );
  if (!ctx.can(action, ref))
    ctx.refuse(
      'E3',
      `${ctx.actor.id} may not ${action} ${type.name} "${node.id}"${node.env === undefined || !seen ? '' : ` in ${node.env}`}`,
      'Ask someone whose role allows it in this environment',
    );
  // MODEL E2: an edit (a transition that keeps the state) may change the fields of a draft.
  const fields = ctx.args.fields as Readonly<Record<string, unknown>> | undefined;
  if (fields !== undefined && !tr.from.includes(tr.to))
    ctx.invalid('args.fields', `only an edit changes fields; ${action} moves to "${tr.to}"`);
  if (fields?.state !== undefined || fields?.[DRAFT_OF] !== undefined)
    ctx.invalid('args.fields', `"state" and "${DRAFT_OF}" change by transitions only`);
  const original = tr.to !== node.state ? originalOf(ctx, node) : undefined;
  if (original !== undefined) {
    publishDraft(ctx, node, original, action, tr.to);
    return;
  }
  const before = node.state;
  if (fields !== undefined) {
    const of = node.fields?.[DRAFT_OF];
    const after = { ...fields, ...(of === undefined ? {} : { [DRAFT_OF]: of }) };
    const was = node.fields ?? {};
    s.set(node, 'fields', after);
    // MODEL E3: the result must stay within what the actor may edit (a conditional edit, e.g.
    // `region = EU`, may not move a draft out of its reach and into others', as A10 asks edit
    // where a move lands); the fields are named only to those who may view it (W1).
    if (!ctx.can(action, ref))
      ctx.refuse(
        'E3',
        `${ctx.actor.id} may not ${action} ${type.name} "${node.id}" into fields they may not ${action}`,
        'Keep the fields within what your role lets you edit, or ask someone whose role covers them',
      );
    ctx.audit(
      action,
      type.name,
      node.id,
      { state: before, fields: was },
      { state: tr.to, fields: after },
    );
    return;
  }
  s.set(node, 'state', tr.to);
  // MODEL W3: whoever last launched it watches it (as `mine`).
  if (action === 'launch') s.put(s.launchedBy, launchKey(type.name, node.id), ctx.actor.id);
  ctx.audit(action, type.name, node.id, { state: before }, { state: tr.to });
}
