/**
 * Asset operations: create (MODEL A3, A5, A10a), sharing (MODEL A7–A9) and
 * moves (MODEL A10), each audited under the asset (MODEL E5).
 */
import {
  folderDepth,
  folderHeight,
  HOME,
  MAX_ASSET_DEPTH,
  MAX_FOLDER_DEPTH,
  MAX_MOVE,
  type ResourceNode,
  SHARE_LEVELS,
  SHARINGS,
  type ShareLevel,
  type Sharing,
  UNCATEGORIZED,
} from '../model/state.ts';
import { newAsset } from '../model/world.ts';
import type { OpContext } from './context.ts';

const snapshot = (n: ResourceNode) => ({
  sharing: n.sharing,
  shares: [
    ...[...n.userShares].map(([user, level]) => ({ user, level })),
    ...[...n.groupShares].map(([group, level]) => ({ group, level })),
  ],
});

function asset(ctx: OpContext, key: string, value?: unknown): ResourceNode {
  const id = value ?? ctx.args[key];
  if (typeof id !== 'string' || id === '') ctx.invalid(key, 'must be an asset id');
  const n = ctx.store.assets.get(id);
  if (n === undefined) ctx.invalid(key, `unknown asset "${id}"`);
  return n;
}

/** MODEL A5: the sharing of Home and Uncategorized cannot change (judged after authority, K9). */
function fixedSharing(ctx: OpContext, n: ResourceNode): void {
  if (n.system)
    ctx.refuse(
      'A5',
      `"${n.id}" is a system folder; its sharing cannot change`,
      'Share the folders and dashboards inside it instead',
    );
}

const ref = (n: ResourceNode) => ({ type: n.type.name, id: n.id });

/** MODEL A7: effective admin (owner, share, group share, folder) or super admin. */
function requireAdmin(ctx: OpContext, n: ResourceNode): void {
  if (!ctx.can('admin', ref(n)))
    ctx.refuse(
      'A7',
      `${ctx.actor.id} does not have admin on ${n.type.name} "${n.id}"`,
      'Ask its owner, an admin of it or a super admin to change who has access',
    );
}

function principal(ctx: OpContext): ['user' | 'group', string] {
  const user = ctx.args.user;
  const group = ctx.args.group;
  if ((user === undefined) === (group === undefined))
    ctx.invalid('user', 'name exactly one of user, group');
  if (user !== undefined) return ['user', ctx.user('user').id];
  const id = ctx.string('group');
  if (!ctx.store.groups.has(id)) ctx.invalid('group', `unknown group "${id}"`);
  return ['group', id];
}

export function createAsset(ctx: OpContext): void {
  const s = ctx.store;
  const typeName = ctx.string('type');
  const type = s.schema.types.get(typeName);
  if (type?.kind !== 'asset') ctx.invalid('type', `"${typeName}" is not an asset type`);
  const id = ctx.string('id');
  const parent = asset(ctx, 'parent', ctx.args.parent ?? (type.container ? HOME : UNCATEGORIZED));
  if (!parent.type.container) ctx.invalid('parent', `"${parent.id}" is not a folder`);
  if (!ctx.navigates(type.editPage) || !ctx.can('edit', ref(parent)))
    ctx.refuse(
      'A3',
      `${ctx.actor.id} may not create a ${typeName} in "${parent.id}"`,
      'You need the builder page and edit on the folder (MODEL A10a)',
    );
  if (s.assets.has(id) || s.resources.get(typeName)!.has(id))
    ctx.refuse('K8', `an asset "${id}" already exists`, 'Pick another id');
  if (type.container && folderDepth(parent) + 1 > MAX_FOLDER_DEPTH)
    ctx.refuse(
      'A4',
      `folders nest at most ${MAX_FOLDER_DEPTH} levels deep, Home included`,
      'Create it higher up',
    );
  const fields = ctx.args.fields as Readonly<Record<string, unknown>> | undefined;
  const node = newAsset(s, typeName, id, ctx.actor.id, parent, fields);
  s.addResource(node);
  ctx.audit('createAsset', typeName, id, null, {
    parent: parent.id,
    owner: ctx.actor.id,
    sharing: node.sharing,
    ...(fields === undefined ? {} : { fields }),
  });
}

/**
 * Deletes an asset: its admins only (MODEL A7); never Home or Uncategorized (MODEL A5); a
 * folder only once empty, so nothing inside is lost by accident.
 */
export function deleteAsset(ctx: OpContext): void {
  const n = asset(ctx, 'asset');
  requireAdmin(ctx, n);
  if (n.system)
    ctx.refuse(
      'A5',
      `"${n.id}" is a system folder and cannot be deleted`,
      'Delete what it holds instead',
    );
  if (n.children.size > 0)
    ctx.invalid('asset', `folder "${n.id}" is not empty: move or delete what it holds first`);
  // the asset's fields (its title) too: the audit log can name an asset deleted since (issue 13)
  const before = {
    parent: n.parent?.id,
    owner: n.owner,
    ...(n.fields === undefined ? {} : { fields: n.fields }),
    ...snapshot(n),
  };
  ctx.store.removeResource(n);
  ctx.audit('deleteAsset', n.type.name, n.id, before, null);
}

/** MODEL A9: leaving `specific` removes every named grant; an admin grant (not the actor's) needs a super admin. */
export function setSharing(ctx: OpContext): void {
  const n = asset(ctx, 'asset');
  const sharing = ctx.string('sharing') as Sharing;
  if (!SHARINGS.includes(sharing)) ctx.invalid('sharing', `must be one of ${SHARINGS.join(', ')}`);
  requireAdmin(ctx, n);
  fixedSharing(ctx, n);
  if (n.sharing === sharing) return;
  const before = snapshot(n);
  if (n.sharing === 'specific') {
    const foreignAdmin =
      [...n.userShares].some(([u, l]) => l === 'admin' && u !== ctx.actor.id) ||
      [...n.groupShares.values()].includes('admin');
    if (foreignAdmin && !ctx.superAdmin)
      ctx.refuse(
        'A8',
        `leaving specific sharing would remove an admin grant on "${n.id}"`,
        'Only a super admin may remove admin grants',
      );
    for (const u of [...n.userShares.keys()]) ctx.store.setShare(n, 'user', u, undefined);
    for (const g of [...n.groupShares.keys()]) ctx.store.setShare(n, 'group', g, undefined);
  }
  ctx.store.set(n, 'sharing', sharing);
  ctx.audit('setSharing', n.type.name, n.id, before, snapshot(n));
}

export function share(ctx: OpContext): void {
  const n = asset(ctx, 'asset');
  const [kind, id] = principal(ctx);
  const level = ctx.string('level') as ShareLevel;
  if (!SHARE_LEVELS.includes(level))
    ctx.invalid('level', `must be one of ${SHARE_LEVELS.join(', ')}`);
  requireAdmin(ctx, n);
  fixedSharing(ctx, n);
  const current = (kind === 'user' ? n.userShares : n.groupShares).get(id);
  if (!ctx.superAdmin && level === 'admin')
    ctx.refuse(
      'A8',
      'only a super admin may grant the admin level',
      'Share with a lower level, or ask a super admin',
    );
  if (!ctx.superAdmin && current === 'admin' && level !== 'admin')
    ctx.refuse('A8', `only a super admin may lower an admin share`, 'Ask a super admin');
  if (current === level && n.sharing === 'specific') return;
  const before = snapshot(n);
  ctx.store.set(n, 'sharing', 'specific');
  ctx.store.setShare(n, kind, id, level);
  ctx.audit('share', n.type.name, n.id, before, snapshot(n));
}

export function revoke(ctx: OpContext): void {
  const n = asset(ctx, 'asset');
  const [kind, id] = principal(ctx);
  requireAdmin(ctx, n);
  fixedSharing(ctx, n);
  if (kind === 'user' && id === n.owner)
    ctx.refuse('A8', `the owner's access to "${n.id}" cannot be revoked`, 'Leave the owner as is');
  const current = (kind === 'user' ? n.userShares : n.groupShares).get(id);
  if (current === undefined) return;
  if (current === 'admin' && !ctx.superAdmin)
    ctx.refuse('A8', 'only a super admin may revoke an admin share', 'Ask a super admin');
  const before = snapshot(n);
  ctx.store.setShare(n, kind, id, undefined);
  ctx.audit('revoke', n.type.name, n.id, before, snapshot(n));
}

/**
 * MODEL A10: a move is a permission change. It needs `admin` on every moved asset and `edit`
 * on the target folder (authority, MODEL K9), moves at most 50 assets, never a folder into
 * itself or below itself, and never leaves the tree deeper than MODEL A4 allows, judged on
 * the tree after the move. Every refusal is A10, and a refused move moves nothing.
 */
export function move(ctx: OpContext): void {
  const list = ctx.args.assets;
  if (!Array.isArray(list)) ctx.invalid('assets', 'must be a list of asset ids');
  const no = (reason: string, fix: string) => ctx.refuse('A10', reason, fix);
  if (list.length > MAX_MOVE)
    no(`${list.length} assets in one move`, `Move at most ${MAX_MOVE} at a time`);
  const nodes = [...new Set(list.map((x, i) => asset(ctx, `args.assets[${i}]`, x)))];
  const to = asset(ctx, 'to');
  if (!to.type.container) ctx.invalid('to', `"${to.id}" is not a folder`);
  // Authority first (MODEL K9): admin on what moves, edit where it lands.
  for (const n of nodes)
    if (!ctx.can('admin', ref(n)))
      no(
        `${ctx.actor.id} does not have admin on ${n.type.name} "${n.id}"`,
        'Moving changes who reaches it through folders (MODEL A4): ask its owner, an admin of it or a super admin',
      );
  if (!ctx.can('edit', ref(to)))
    no(`${ctx.actor.id} may not edit folder "${to.id}"`, 'You need edit on the target folder');
  for (const n of nodes) {
    if (n.system) no(`"${n.id}" is a system folder`, 'System folders stay where they are');
    for (
      let p: ResourceNode | undefined = to, i = 0;
      p !== undefined && i < MAX_ASSET_DEPTH;
      p = p.parent, i++
    )
      if (p === n)
        no(`"${n.id}" cannot move into itself or below itself`, 'Pick a folder outside it');
  }
  const moved = nodes.filter((n) => n.parent !== to);
  const from = new Map(moved.map((n) => [n, n.parent?.id ?? null]));
  for (const n of moved) ctx.store.setParent(n, to);
  // The tree after the move (a folder moved with its sub-folder no longer nests it).
  for (const n of moved)
    if (n.type.container && folderDepth(n) + folderHeight(n) > MAX_FOLDER_DEPTH)
      no(
        `moving "${n.id}" into "${to.id}" nests folders deeper than ${MAX_FOLDER_DEPTH} levels`,
        'Pick a higher folder',
      );
  for (const n of moved)
    ctx.audit('move', n.type.name, n.id, { parent: from.get(n) ?? null }, { parent: to.id });
}
