/**
 * `syncUsers`: the host's user table mirrored into the world in one operation (MODEL R3,
 * D5, K7). Users listed are created or updated; users not listed are left alone unless
 * `deactivateMissing` is set. Only a super admin, or the system actor a host uses
 * in-process (`SYSTEM_ACTOR`), may run it. A second identical call changes nothing: no
 * audit entry, no new revision.
 */
import type { UserState } from '../model/state.ts';
import { validateAttributes } from '../model/world.ts';
import type { OpContext } from './context.ts';

/**
 * The actor a host runs `syncUsers` as when no person does it (a nightly job, a
 * webhook from the host's user table): a super admin that is not a user of the world.
 * Core accepts it as the actor of `syncUsers` only.
 *
 * @example
 * ```ts
 * model.apply(SYSTEM_ACTOR, { op: 'syncUsers', args: { users: [{ id: 'ann', license: 'full' }] } });
 * ```
 */
export const SYSTEM_ACTOR = 'grantkit:system';

/** Most users one `syncUsers` call takes (split a larger table into several calls). */
export const MAX_SYNC_USERS = 10_000;

type Attributes = UserState['attributes'];

/** One row of `syncUsers`' `users` (the parsed form of its args). */
interface SyncedRow {
  readonly id: string;
  readonly attributes?: Attributes | undefined;
  readonly license?: UserState['license'] | undefined;
  readonly active?: boolean | undefined;
  readonly superAdmin?: boolean | undefined;
  readonly managerId?: string | null | undefined;
}

/** JSON with object keys sorted: equal attributes compare equal whatever their key order. */
const canonical = (v: unknown): string =>
  JSON.stringify(v, (_k, x: unknown) =>
    typeof x === 'object' && x !== null && !Array.isArray(x)
      ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : x,
  );

const state = (u: UserState) => ({
  license: u.license,
  active: u.active,
  superAdmin: u.superAdmin,
  managerId: u.managerId ?? null,
  attributes: structuredClone(u.attributes),
});

/**
 * Upserts every listed user: `attributes` given replace the user's attributes (the host's
 * table is the truth), `license`, `active`, `superAdmin` and `managerId` given are set
 * (`managerId: null` clears it), fields left out stay as they are (a new user: full
 * license, active, no manager). One audit entry per user that changed.
 */
export function syncUsers(ctx: OpContext): void {
  const s = ctx.store;
  if (!ctx.superAdmin)
    ctx.refuse(
      'R3',
      `${ctx.actor.id} may not sync users: only a super admin or the system actor may`,
      'Run it in-process (app.grants.syncUsers) or as a super admin',
    );
  const rows = ctx.args.users as readonly SyncedRow[];
  const listed = new Map<string, number>();
  rows.forEach((row, i) => {
    if (listed.has(row.id))
      ctx.invalid(
        `users[${i}].id`,
        `user "${row.id}" is listed twice (first at users[${listed.get(row.id)}])`,
      );
    listed.set(row.id, i);
  });
  rows.forEach((row, i) => {
    const m = row.managerId;
    if (typeof m === 'string' && !listed.has(m) && !s.users.has(m))
      ctx.invalid(`users[${i}].managerId`, `unknown user "${m}" (neither listed nor in the world)`);
  });

  const before = new Map<string, ReturnType<typeof state> | null>();
  // Create the new users first: a row's manager may be a user listed after it.
  for (const row of rows) {
    const known = s.users.get(row.id);
    before.set(row.id, known === undefined ? null : state(known));
    if (known === undefined)
      s.addUser({
        id: row.id,
        license: 'full',
        active: true,
        superAdmin: false,
        managerId: undefined,
        attributes: {},
      });
  }
  rows.forEach((row, i) => {
    const u = s.users.get(row.id)!;
    if (row.attributes !== undefined) {
      const next = validateAttributes(row.attributes, `args.users[${i}].attributes`);
      if (canonical(next) !== canonical(u.attributes)) s.set(u, 'attributes', next);
    }
    if (row.license !== undefined && row.license !== u.license) s.set(u, 'license', row.license);
    if (row.active !== undefined && row.active !== u.active) s.set(u, 'active', row.active);
    if (row.superAdmin !== undefined && row.superAdmin !== u.superAdmin)
      s.set(u, 'superAdmin', row.superAdmin);
    const manager = row.managerId === null ? undefined : row.managerId;
    if (row.managerId !== undefined && manager !== u.managerId) s.setManager(u, manager);
  });
  // Users the host no longer has (super admins stay: a sync never locks the tenant out).
  if (ctx.args.deactivateMissing === true)
    for (const u of s.users.values())
      if (!listed.has(u.id) && u.active && !u.superAdmin) {
        before.set(u.id, state(u));
        s.set(u, 'active', false);
      }
  for (const id of before.keys()) s.touchUser(id);

  // MODEL D5: no manager chain may loop, after every row is in place.
  for (const row of rows) {
    const seen = new Set([row.id]);
    for (let m = s.users.get(row.id)!.managerId; m !== undefined; m = s.users.get(m)?.managerId) {
      if (seen.has(m))
        ctx.refuse(
          'D5',
          `the managers of ${row.id} would form a cycle (${[...seen, m].join(' → ')})`,
          'Fix the managerId of one user of the cycle in the host table',
        );
      seen.add(m);
    }
  }
  for (const [id, was] of before) {
    const now = state(s.users.get(id)!);
    if (was === null || canonical(now) !== canonical(was))
      ctx.audit('syncUsers', 'user', id, was, now);
  }
}
