/**
 * What every administrative operation shares: the acting user, argument
 * readers that report the field path, refusals that name the MODEL rule, the
 * authority checks of MODEL K9 and the escalation guard of MODEL R3.
 */
import { InvalidInputError, type RuleId, RuleViolationError } from '../errors.ts';
import { abilityOf } from '../model/ability.ts';
import {
  atomsOf,
  covers,
  type MaskGrant,
  maskGrants,
  newlyHeld,
  userGrants,
} from '../model/grants.ts';
import type { BundleState, UserState } from '../model/state.ts';
import type { Store } from '../model/store.ts';
import { isObject } from '../schema/is-object.ts';
import type { Grant, ResourceRef } from '../schema/types.ts';

/** An audit entry (MODEL E5). */
export interface AuditEntry {
  readonly seq: number;
  readonly actor: string;
  readonly action: string;
  readonly resource: { readonly type: string; readonly id: string };
  readonly before: unknown;
  readonly after: unknown;
  readonly at: number;
}

/** An audit entry before it is numbered and timed. */
export type PendingAudit = Omit<AuditEntry, 'seq' | 'at' | 'actor'>;

export class OpContext {
  readonly audits: PendingAudit[] = [];
  /** Active super admin (MODEL K3; MODEL K7 wins). */
  readonly superAdmin: boolean;

  constructor(
    readonly store: Store,
    readonly actor: UserState,
    readonly op: string,
    readonly args: Record<string, unknown>,
    allowed: readonly string[],
  ) {
    this.superAdmin = actor.active && actor.superAdmin;
    for (const k of Object.keys(args))
      if (!allowed.includes(k))
        throw new InvalidInputError(
          `args.${k}`,
          `${op} takes no "${k}" (it takes ${allowed.join(', ')})`,
        );
  }

  refuse(rule: RuleId, reason: string, fix: string): never {
    throw new RuleViolationError({ rule, op: this.op, actor: this.actor.id, reason, fix });
  }
  invalid(key: string, message: string): never {
    throw new InvalidInputError(key.startsWith('args') ? key : `args.${key}`, message);
  }

  // ── arguments ─────────────────────────────────────────────────────────
  string(key: string): string;
  string(key: string, optional: true): string | undefined;
  string(key: string, optional = false): string | undefined {
    const v = this.args[key];
    if (v === undefined && optional) return undefined;
    if (typeof v !== 'string' || v === '') this.invalid(key, 'must be a non-empty string');
    return v;
  }
  boolean(key: string): boolean | undefined {
    const v = this.args[key];
    if (v !== undefined && typeof v !== 'boolean') this.invalid(key, 'must be a boolean');
    return v;
  }
  object(key: string): Record<string, unknown> {
    const v = this.args[key];
    if (!isObject(v)) this.invalid(key, 'must be an object');
    return v;
  }
  user(key: string): UserState {
    const id = this.string(key);
    const u = this.store.users.get(id);
    if (u === undefined) this.invalid(key, `unknown user "${id}"`);
    return u;
  }
  bundle(key: string): BundleState {
    const id = this.string(key);
    const b = this.store.bundles.get(id);
    if (b === undefined) this.invalid(key, `unknown bundle "${id}"`);
    return b;
  }

  // ── authority (MODEL K9, first) ───────────────────────────────────────
  can(action: string, r: ResourceRef): boolean {
    return this.superAdmin || abilityOf(this.store, this.actor.id).check(action, r);
  }
  navigates(page: string | undefined): boolean {
    return (
      this.superAdmin || (page !== undefined && this.can('navigate', { type: 'page', id: page }))
    );
  }
  /** MODEL N10: super admins and navigators of the Permission Bundles page. */
  requireBundleAdmin(): void {
    if (!this.navigates(this.store.schema.bundlesPage))
      this.refuse(
        'N10',
        `${this.actor.id} may not manage bundles`,
        'Ask someone who may open the Permission Bundles page, or a super admin',
      );
  }
  /** MODEL N9 / N10: who may add and remove a bundle's users. */
  requireAssigner(b: BundleState): void {
    // MODEL K7: an inactive bundle administrator has no authority.
    const administrator = this.actor.active && b.administrators.has(this.actor.id);
    if (administrator || this.navigates(this.store.schema.bundlesPage)) return;
    this.refuse(
      'N9',
      `${this.actor.id} is not an administrator of bundle "${b.id}"`,
      'Ask a bundle administrator, a Permission Bundles administrator or a super admin',
    );
  }
  /** MODEL D8: super admins and navigators of the Sharing Settings page. */
  requireSharingAdmin(): void {
    if (!this.navigates(this.store.schema.sharingSettingsPage))
      this.refuse(
        'D8',
        `${this.actor.id} may not change sharing settings or group membership`,
        'Ask someone who may open the Sharing Settings page, or a super admin',
      );
  }
  /** MODEL R3: holders of `user: edit` (and, for assignment, MODEL N10). */
  requireUserManager(orBundleAdmin: boolean): void {
    if (this.can('edit', { type: this.store.schema.usersType })) return;
    if (orBundleAdmin && this.navigates(this.store.schema.bundlesPage)) return;
    this.refuse(
      'R3',
      `${this.actor.id} does not hold ${this.store.schema.usersType}: edit`,
      'Ask a user manager or a super admin',
    );
  }

  // ── built-in protections (MODEL N4–N6, N11, second) ──────────────────
  protectBundle(
    b: BundleState,
    change: 'edit' | 'delete' | 'members',
    grants?: readonly Grant[],
  ): void {
    const bi = b.builtin;
    if (bi === undefined) return;
    const why = (what: string) =>
      this.refuse(bi.rule, `bundle "${b.id}" is built in and ${what}`, 'Leave it as it is');
    if (change === 'delete' && (bi.deletable === false || bi.immutable === true))
      why('cannot be deleted');
    if (change === 'edit' && bi.immutable === true) why('cannot be changed');
    if (change === 'edit' && bi.navigationOnly === true && grants?.some((g) => g.type !== 'page'))
      why('holds page grants only');
    if (change === 'members' && (bi.autoLicense !== undefined || bi.immutable === true))
      why(
        `gets its members from their license${bi.autoLicense === undefined ? '' : ` (${bi.autoLicense})`}, never by hand`,
      );
    if (change === 'members' && bi.systemManaged === true)
      why('is system-managed and accepts no manual members');
  }

  // ── escalation (MODEL R3, third) ──────────────────────────────────────
  private actorGrants: MaskGrant[] | undefined;
  private held(): MaskGrant[] {
    this.actorGrants ??= userGrants(this.store, this.actor);
    return this.actorGrants;
  }
  /** MODEL R3: the actor must hold every grant of a bundle's new set. */
  requireHoldsGrants(grants: readonly Grant[]): void {
    if (this.superAdmin) return;
    const missing = atomsOf(maskGrants(this.store, grants, '', undefined)).find(
      (a) => !covers(this.held(), a),
    );
    if (missing !== undefined) this.escalation(missing);
  }
  /** MODEL R3: runs `change`, then refuses if any of `users` newly holds a permission the actor does not. */
  guardEscalation(users: readonly UserState[], change: () => void): void {
    if (this.superAdmin) {
      change();
      return;
    }
    const held = this.held();
    const before = users.map((u) => userGrants(this.store, u));
    change();
    users.forEach((u, i) => {
      this.store.touchUser(u.id);
      const missing = newlyHeld(before[i]!, userGrants(this.store, u)).find(
        (a) => !covers(held, a),
      );
      if (missing !== undefined) this.escalation(missing);
    });
  }
  private escalation(a: {
    type: string;
    id: string | undefined;
    bit: number;
    env: string | undefined;
  }): never {
    const t = this.store.schema.types.get(a.type)!;
    const action = this.store.schema.actionsOf(t, a.bit)[0];
    const scope = a.id === undefined ? `every ${a.type}` : `${a.type} "${a.id}"`;
    this.refuse(
      'R3',
      `${this.actor.id} would give ${action} on ${scope}${a.env === undefined ? '' : ` in ${a.env}`}, which ${this.actor.id} does not hold`,
      'Grant only what you hold yourself, or ask a super admin',
    );
  }

  audit(action: string, type: string, id: string, before: unknown, after: unknown): void {
    this.audits.push({ action, resource: { type, id }, before, after });
  }
}
