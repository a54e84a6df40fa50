/**
 * Draft copies (MODEL E2: editing happens on drafts only). An editor edits an active
 * engagement through a draft copy: `draftCopy` makes one (a new resource of the same type
 * and environment, in the state the type's `edit` works in, its `fields.draftOf` naming the
 * original), `transition` `edit` with `fields` changes it, and launching the copy (E3: in
 * production only Production Launchers and Admins) publishes it onto the original, which
 * takes its fields and the launched state, and removes the copy.
 */
import { dropDirectGrantsOn } from '../model/direct-grants.ts';
import type { ResourceNode } from '../model/state.ts';
import { launchKey } from '../model/watches.ts';
import { newResource } from '../model/world.ts';
import type { OpContext } from './context.ts';

/** The field of a draft copy that names its original. */
export const DRAFT_OF = 'draftOf';

/** The original a draft copy publishes onto, if it still exists. */
export function originalOf(ctx: OpContext, node: ResourceNode): ResourceNode | undefined {
  const of = node.fields?.[DRAFT_OF];
  return typeof of === 'string' ? ctx.store.resources.get(node.type.name)?.get(of) : undefined;
}

export function draftCopy(ctx: OpContext): void {
  const s = ctx.store;
  const res = ctx.object('resource');
  const type = typeof res.type === 'string' ? s.schema.types.get(res.type) : undefined;
  const edit = type?.lifecycle.get('edit');
  if (type === undefined || edit === undefined || type.kind === 'asset')
    ctx.invalid(
      'args.resource.type',
      `${JSON.stringify(res.type)} has no drafts (a type with a lifecycle action "edit", MODEL E2)`,
    );
  const source = typeof res.id === 'string' ? s.resources.get(type.name)?.get(res.id) : undefined;
  if (source === undefined)
    ctx.invalid('args.resource.id', `unknown ${type.name} ${JSON.stringify(res.id)}`);
  const id = ctx.string('id');
  const state = edit.from[0];
  const given = ctx.args.fields as Readonly<Record<string, unknown>> | undefined;
  if (given?.state !== undefined || given?.[DRAFT_OF] !== undefined)
    ctx.invalid('args.fields', `"state" and "${DRAFT_OF}" are not fields a draft sets`);
  // A stored `state` field would shadow the lifecycle state (MODEL E2): never copied.
  const { state: _shadow, ...kept } = source.fields ?? {};
  const fields = { ...kept, ...given, [DRAFT_OF]: source.id };
  // The actor must see the original and be allowed to edit a draft of it as it is and the
  // draft it becomes (E3): fields given may not bring an original outside a conditional edit
  // (`region = EU`) within reach, to be changed and published onto it.
  const env = source.env === undefined ? {} : { env: source.env };
  const asIs = { ...kept, [DRAFT_OF]: source.id, state };
  const editable = (f: Readonly<Record<string, unknown>>) =>
    ctx.can('edit', { type: type.name, ...env, fields: f });
  // The environment is named only to those who may view the original (W1).
  const seen = ctx.can('view', { type: type.name, id: source.id });
  if (!seen || !editable(asIs) || !editable({ ...fields, state }))
    ctx.refuse(
      'E3',
      `${ctx.actor.id} may not edit a draft of ${type.name} "${source.id}"${source.env === undefined || !seen ? '' : ` in ${source.env}`}`,
      'Ask an editor of this environment',
    );
  // MODEL K9: the operation's own rules after authority, so neither a draft copy as source
  // nor a duplicate id is a way to learn about what someone who may not make this draft
  // may not view.
  if (source.fields?.[DRAFT_OF] !== undefined)
    ctx.invalid('args.resource.id', `${type.name} "${source.id}" is itself a draft copy`);
  if (s.resources.get(type.name)!.has(id))
    ctx.refuse('K8', `a ${type.name} "${id}" already exists`, 'Pick another id');
  const node = newResource(s, {
    type: type.name,
    id,
    ...env,
    ...(state === undefined ? {} : { state }),
    fields,
  });
  s.addResource(node);
  ctx.audit('draftCopy', type.name, id, null, { state, fields });
}

/**
 * A launch (any transition out of the draft state) of a draft copy whose original exists:
 * the original takes the copy's fields and the new state, the copy is removed. The actor
 * must be allowed the action on the original too (same environment: E3).
 */
export function publishDraft(
  ctx: OpContext,
  draft: ResourceNode,
  original: ResourceNode,
  action: string,
  to: string,
): void {
  const s = ctx.store;
  const type = draft.type.name;
  if (!ctx.can(action, { type, id: original.id }))
    ctx.refuse(
      'E3',
      `${ctx.actor.id} may not ${action} ${type} "${original.id}"${original.env === undefined ? '' : ` in ${original.env}`}`,
      'Ask someone whose role allows it in this environment',
    );
  const { [DRAFT_OF]: _of, ...fields } = draft.fields ?? {};
  const before = { state: original.state, fields: original.fields ?? {} };
  s.set(original, 'state', to);
  s.set(original, 'fields', fields);
  s.removeResource(draft);
  // Direct grants on the copy go with it: a later draft with its id (of another engagement,
  // in another environment) is not what they were given on (MODEL N13).
  const dropped = dropDirectGrantsOn(s, type, draft.id);
  if (action === 'launch') s.put(s.launchedBy, launchKey(type, original.id), ctx.actor.id);
  ctx.audit(action, type, original.id, before, { state: to, fields, from: draft.id });
  // The grants dropped with it are a permission change (MODEL E5): named in its last entry.
  const grants = dropped.length === 0 ? {} : { directGrants: dropped };
  ctx.audit(action, type, draft.id, { state: draft.state, ...grants }, null);
}
