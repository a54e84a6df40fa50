/**
 * The invariant of the escalation search: after an accepted operation by an actor who
 * is not a super admin, every permission anyone newly holds must be one MODEL lets that
 * operation give, judged by the reason the model itself gives for it (MODEL K6):
 *
 * - from a bundle: the actor held it through a bundle of their own before (R3); or it is
 *   a conditional grant on the one resource a permitted transition changed (E2, E3);
 * - from ownership, a share, a public level or a system folder: the new asset's creator
 *   and what its folder gives (A3, A4, A10a); sharing of an asset the actor administered,
 *   never the admin level (A7, A8, A9); a move by an admin of every moved asset with edit
 *   on the target, for the moved assets and what they hold (A10); a change of users,
 *   groups or bundles that reaches an existing share or public level (outside R3: asset
 *   sharing has its own guardrails; counted as `outsideR3`), except that a `setUser` or a
 *   change of groups (membership, create, edit, delete) gives access through a group share
 *   only where the actor held it (R3's asset exception, with A7/A8's intent: D8's authority
 *   over membership is not a way to hand out assets the actor may not share);
 * - from a record rule or *everyone*: a change of sharing settings, rules, permission
 *   attributes or groups (created, edited, deleted, membership) by a D8 actor (D8–D11); a
 *   `setUser` by a D8 actor, or one giving only what the actor held (R3's second exception, D5);
 * - from a direct grant on one resource: a `grantOn` of that resource, to another user, by
 *   an actor who held `admin` on it (N13).
 *
 * Authority is judged too: an inactive actor changes nothing (K7); only N10 sets
 * administrator flags, and a bundle administrator who is not N10 removes no other
 * administrator (N9); no one changes a super admin, a license or super admin status (R3);
 * asset operations need admin (A7), creation edit on the folder (A10a), transitions the
 * action (E3); admin shares and owners stay (A8, A9); `grantOn`/`revokeOn` need admin on
 * the resource and never name the actor (N13); a system-managed group never changes (D9).
 *
 * Choices where MODEL is silent: a transition changes state, not grants, so what a
 * conditional grant now meets on that one resource is allowed (E2, E3); "holds" is judged
 * on the world's own resources (a conditional grant is held where the actor's holds too).
 */
import { createModel, type Model, type UserView } from '../model/model.ts';
import type { Reason } from '../model/reason.ts';
import type { BundleInput, WorldInput } from '../model/state.ts';
import type { Op } from '../ops/apply.ts';
import type { ResourceRef } from '../schema/types.ts';
import { gained, type Perm, type PermSet } from './permissions.ts';

/** One broken guarantee. */
export interface Escalation {
  /** The MODEL rule broken. */
  readonly rule: string;
  readonly actor: string;
  readonly op: Op;
  /** Who gained (or lost) something. */
  readonly user: string;
  /** What they gained, e.g. `dashboard:d1:admin`, or the authority, e.g. `administrator of B1`. */
  readonly what: string;
  /** Why it is not allowed, with the model's own reasons. */
  readonly why: string;
}

/** What the judge needs of the state before an operation, taken before it runs. */
export interface Before {
  readonly world: WorldInput;
  readonly revision: number;
  readonly sets: ReadonlyMap<string, PermSet>;
  readonly users: ReadonlyMap<string, UserView | undefined>;
  /** A copy of the model before the operation, built only when a gain needs it. */
  readonly model: () => Model;
  /** The actor is active (MODEL K7). */
  readonly active: boolean;
  /** The actor may change sharing settings (MODEL D8). */
  readonly sharingAdmin: boolean;
  /** The actor may navigate the Permission Bundles page (MODEL N10). */
  readonly bundleAdmin: boolean;
  /** A move's preconditions held: admin on every moved asset, edit on the target (MODEL A10). */
  readonly a10: boolean;
  /** The actor administered the asset an asset operation names (MODEL A7). */
  readonly a7: boolean;
  /** The actor had edit on the parent of a new asset (MODEL A10a); true for other operations. */
  readonly a10a: boolean;
  /** The actor held the action of a lifecycle transition (MODEL E3); true for other operations. */
  readonly e3: boolean;
  /** The actor held admin on the resource of a grantOn/revokeOn (MODEL N13); true for other operations. */
  readonly n13: boolean;
}

/** Takes what `judge` needs before `op` runs on `model`. */
export function before(
  model: Model,
  world: WorldInput,
  sets: ReadonlyMap<string, PermSet>,
  users: readonly string[],
  actor: string,
  op: Op,
): Before {
  const args = op.args ?? {};
  const page = (id: string | undefined) =>
    id !== undefined && model.check(actor, 'navigate', { type: 'page', id });
  const admin = (id: unknown) =>
    typeof id === 'string' &&
    model.check(actor, 'admin', { type: assetType(world, id) ?? 'folder', id });
  const moved = op.op === 'move' && Array.isArray(args.assets) ? (args.assets as unknown[]) : [];
  let copy: Model | undefined;
  return {
    world,
    revision: model.revision,
    sets,
    users: new Map(users.map((u) => [u, model.getUser(u)])),
    model: () => {
      copy ??= createModel(model.schema, world, { now: () => 0 });
      return copy;
    },
    active: model.getUser(actor)?.active === true,
    sharingAdmin: page(model.schema.sharingSettingsPage),
    bundleAdmin: page(model.schema.bundlesPage),
    a10:
      moved.length > 0 &&
      moved.every(admin) &&
      typeof args.to === 'string' &&
      model.check(actor, 'edit', { type: 'folder', id: args.to }),
    a7: ASSET_OPS.has(op.op) && admin(args.asset),
    a10a:
      op.op !== 'createAsset' ||
      (page(model.schema.types.get(String(args.type))?.editPage) &&
        model.check(actor, 'edit', {
          type: 'folder',
          id:
            typeof args.parent === 'string'
              ? args.parent
              : args.type === 'folder'
                ? 'home'
                : 'uncategorized',
        })),
    e3:
      op.op !== 'transition' ||
      model.check(actor, String(args.action) as never, args.resource as ResourceRef),
    n13: !DIRECT_OPS.has(op.op) || model.check(actor, 'admin', args.resource as ResourceRef),
  };
}

/** The state after one accepted operation. */
export interface After {
  readonly model: Model;
  readonly world: WorldInput;
  readonly sets: ReadonlyMap<string, PermSet>;
}

/** Counts of gains MODEL allows, by why. */
export type Allowances = Record<string, number>;

/** Operations on one asset that need admin on it (MODEL A7). */
const ASSET_OPS = new Set(['share', 'revoke', 'setSharing', 'deleteAsset']);

/** Operations on direct grants of one resource (MODEL N13). */
const DIRECT_OPS = new Set(['grantOn', 'revokeOn']);

/** Changes of sharing settings, rules, permission attributes and groups (MODEL D8–D11). */
const SHARING_OPS = new Set([
  'setEveryone',
  'addRule',
  'editRule',
  'deleteRule',
  'addAttribute',
  'removeAttribute',
  'addToGroup',
  'removeFromGroup',
  'createGroup',
  'editGroup',
  'deleteGroup',
]);

/** Changes of who is in a group (MODEL D8, D9). */
const GROUP_OPS = new Set([
  'addToGroup',
  'removeFromGroup',
  'createGroup',
  'editGroup',
  'deleteGroup',
]);

const MEMBERSHIP = new Set([
  'setUser',
  'addToGroup',
  'removeFromGroup',
  'createGroup',
  'editGroup',
  'deleteGroup',
  'addToBundle',
  'removeFromBundle',
  'assignRole',
  'unassignRole',
  'createBundle',
  'editBundle',
  'deleteBundle',
]);

/** Ids of the assets at or below `roots` in `world`. */
function subtree(world: WorldInput, roots: readonly string[]): Set<string> {
  const out = new Set(roots);
  for (let grew = true; grew; ) {
    grew = false;
    for (const r of world.resources ?? [])
      if (r.parent !== undefined && out.has(r.parent) && !out.has(r.id)) {
        out.add(r.id);
        grew = true;
      }
  }
  return out;
}

const assetType = (world: WorldInput, id: string) =>
  world.resources?.find((r) => r.id === id && (r.type === 'folder' || r.type === 'dashboard'))
    ?.type;

const same = (a: ResourceRef, b: ResourceRef) => a.type === b.type && a.id === b.id;

const admins = (world: WorldInput) =>
  new Map((world.bundles ?? []).map((b: BundleInput) => [b.id, new Set(b.administrators ?? [])]));

/** Judges one accepted operation by `actor`; `allow` counts what MODEL allowed and why. */
export function judge(
  was: Before,
  now: After,
  actor: string,
  op: Op,
  perms: readonly Perm[],
  allow: Allowances,
): Escalation[] {
  const args = op.args ?? {};
  const out: Escalation[] = [];
  const fail = (rule: string, user: string, what: string, why: string) =>
    out.push({ rule, actor, op, user, what, why });
  const ok = (why: string) => {
    allow[why] = (allow[why] ?? 0) + 1;
    return true;
  };
  const actorIndex = was.sets.get(actor)!;
  const lacked = (i: number) => (actorIndex[i] === 1 ? '' : ', actor lacked it');

  // MODEL K7: an inactive actor has no authority for any operation.
  if (!was.active && now.model.revision !== was.revision)
    fail('K7', actor, 'any change', `${actor} is inactive, yet ${op.op} changed the world`);

  // MODEL R3: only super admins change super admins, licenses and super admin status.
  for (const [u, then] of was.users) {
    const view = now.model.getUser(u);
    if (then?.superAdmin === true && JSON.stringify(then) !== JSON.stringify(view))
      fail('R3', u, 'super admin changed', `${JSON.stringify(then)} → ${JSON.stringify(view)}`);
    if (
      view !== undefined &&
      (view.license !== (then?.license ?? 'full') ||
        view.superAdmin !== (then?.superAdmin ?? false))
    )
      fail(
        'R3',
        u,
        'license or super admin status',
        `${then?.license}/${then?.superAdmin} → ${view.license}/${view.superAdmin}`,
      );
  }

  // MODEL N9: administrator flags.
  const wasAdmin = admins(was.world);
  const isAdmin = admins(now.world);
  for (const [b, set] of isAdmin)
    for (const u of set)
      if (!wasAdmin.get(b)?.has(u) && !was.bundleAdmin)
        fail('N9', u, `administrator of ${b}`, `${actor} may not set the administrator flag`);
  for (const [b, set] of wasAdmin)
    for (const u of set)
      if (u !== actor && !isAdmin.get(b)?.has(u) && set.has(actor) && !was.bundleAdmin)
        fail(
          'N9',
          u,
          `lost administrator of ${b}`,
          `${actor}, an administrator of ${b}, removed another`,
        );

  // MODEL A7, A8, A9, A10a: authority over assets; admin shares and owners stay.
  if (ASSET_OPS.has(op.op) && !was.a7)
    fail('A7', actor, `${op.op} ${String(args.asset)}`, `${actor} did not have admin on it`);
  if (!was.e3) fail('E3', actor, `${String(args.action)} transition`, `${actor} lacked it`);
  // MODEL N13: only an admin of the resource, never for themselves.
  if (DIRECT_OPS.has(op.op) && (!was.n13 || args.user === actor))
    fail(
      'N13',
      String(args.user),
      `${op.op} on ${JSON.stringify(args.resource)}`,
      `${actor} lacked admin or named themselves`,
    );
  // MODEL D9: a system-managed group is never changed.
  const systemGroups = (w: WorldInput) =>
    new Map((w.groups ?? []).filter((g) => g.systemManaged === true).map((g) => [g.id, g]));
  const nowSystem = systemGroups(now.world);
  for (const [id, g] of systemGroups(was.world))
    if (JSON.stringify(g) !== JSON.stringify(nowSystem.get(id)))
      fail('D9', actor, `system-managed group ${id}`, `${op.op} changed it`);
  if (!was.a10a)
    fail('A10a', actor, `create in ${String(args.parent)}`, `${actor} could not edit the folder`);
  const assets = (w: WorldInput) =>
    new Map(
      (w.resources ?? [])
        .filter((r) => r.type === 'folder' || r.type === 'dashboard')
        .map((r) => [r.id, r]),
    );
  const nowAssets = assets(now.world);
  for (const [id, then] of assets(was.world)) {
    const later = nowAssets.get(id);
    if (later === undefined) continue;
    if (later.owner !== then.owner)
      fail('A8', then.owner ?? '', `owner of ${id}`, `${then.owner} → ${later.owner}`);
    for (const sh of then.shares ?? [])
      if (
        sh.level === 'admin' &&
        sh.user !== actor &&
        !later.shares?.some(
          (x) => x.user === sh.user && x.group === sh.group && x.level === 'admin',
        )
      )
        fail(
          'A8',
          sh.user ?? `group ${sh.group}`,
          `admin share on ${id}`,
          'only a super admin removes an admin share',
        );
  }

  // Permissions: every gain needs a reason MODEL lets this operation give.
  const moved = op.op === 'move' && Array.isArray(args.assets) ? (args.assets as string[]) : [];
  const movedTree = subtree(now.world, moved);
  const shared = op.op === 'share' || op.op === 'setSharing' ? String(args.asset) : undefined;
  const sharedTree = shared === undefined ? new Set<string>() : subtree(now.world, [shared]);
  const transitioned = op.op === 'transition' ? (args.resource as ResourceRef) : undefined;

  const allowed = (p: Perm, u: string, i: number, r: Reason): boolean => {
    const id = p.ref.id;
    if (r.kind === 'superAdmin') return false;
    if (id !== undefined && movedTree.has(id) && r.kind !== 'recordRule' && r.kind !== 'everyone')
      return was.a10 && ok('A10 move by an admin of the moved assets');
    // The new asset: its creator's (A3) and what its folder gives (A4), by whatever reason.
    if (op.op === 'createAsset' && id === args.id && (r.kind === 'owner' || 'inheritedFrom' in r))
      return (
        (r.kind !== 'owner' || r.inheritedFrom !== undefined || u === actor) &&
        ok('A3/A4 new asset')
      );
    if (r.kind === 'direct')
      return (
        op.op === 'grantOn' &&
        was.n13 &&
        u === args.user &&
        u !== actor &&
        same(args.resource as ResourceRef, p.ref) &&
        ok(`N13 grantOn by an admin of the resource${lacked(i)}`)
      );
    if (r.kind === 'bundle') {
      if (transitioned !== undefined && r.when !== undefined && same(transitioned, p.ref))
        return ok(`E2/E3 transition meets a condition${lacked(i)}`);
      return (
        was
          .model()
          .explain(actor, p.action as never, p.ref)
          .reasons.some((x) => x.kind === 'bundle') && ok('R3 actor holds it')
      );
    }
    if (r.kind === 'recordRule' || r.kind === 'everyone') {
      if (SHARING_OPS.has(op.op)) return was.sharingAdmin && ok(`D8 ${op.op}`);
      if (op.op !== 'setUser') return false;
      if (was.sharingAdmin) return ok('D8 setUser');
      return actorIndex[i] === 1 && ok('R3 setUser, actor holds the record permission');
    }
    // MODEL R3 (setUser, group membership and assets): a group share someone joined through
    // attributes, activation or a change of groups gives only what the actor held on that asset.
    if (
      (op.op === 'setUser' || GROUP_OPS.has(op.op)) &&
      r.kind === 'share' &&
      r.group !== undefined
    )
      return actorIndex[i] === 1 && ok(`R3 ${op.op}, actor holds the asset access`);
    // Ownership, shares, public levels, system folders.
    if (shared !== undefined && id !== undefined && sharedTree.has(id))
      return (
        was.a7 &&
        p.action !== 'admin' &&
        (r.kind === 'share' || r.kind === 'public') &&
        (r.inheritedFrom ?? r.asset) === shared &&
        ok('A7 sharing by an admin')
      );
    return MEMBERSHIP.has(op.op) && ok(`outsideR3 ${r.kind} after ${op.op}${lacked(i)}`);
  };

  for (const [u, then] of was.sets) {
    for (const i of gained(then, now.sets.get(u)!)) {
      const p = perms[i]!;
      const why = now.model.explain(u, p.action as never, p.ref);
      if (why.reasons.some((r) => allowed(p, u, i, r))) continue;
      fail(ruleOf(op.op, why.reasons), u, p.key, why.message);
    }
  }
  return out;
}

/** The rule a gain breaks, for the report. */
function ruleOf(op: string, reasons: readonly Reason[]): string {
  if (op === 'move') return 'A10';
  if (DIRECT_OPS.has(op)) return 'N13';
  if (op === 'setUser' || GROUP_OPS.has(op)) return 'R3';
  if (reasons.some((r) => r.kind === 'bundle')) return 'R3';
  if (reasons.some((r) => r.kind === 'recordRule' || r.kind === 'everyone')) return 'D8';
  return op === 'share' || op === 'setSharing' || op === 'revoke' ? 'A8' : 'A7';
}
