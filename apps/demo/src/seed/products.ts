/**
 * Product tenants sharing people (MODEL W5): besides `acme`, three PX product subscriptions
 * with engagements in production and staging, and the same PX people in each under one
 * identity (the same user id everywhere). The dev sign-in lists a person's tenants in their
 * token (`tenantsOf`), so "Paused now" and `scope=all` merge every product they belong to.
 */
import type { WorldInput } from '@grantkit/core';
import { users } from './users';

/** A product subscription: its tenant id and the name people know it by. */
export interface Product {
  readonly tenant: string;
  readonly name: string;
}

/** The demo tenant (`acme`) is the "PX Core" product; the others are seeded from here. */
export const PRODUCTS: readonly Product[] = [
  { tenant: 'acme', name: 'Acme (PX Core)' },
  { tenant: 'px-web', name: 'PX Web' },
  { tenant: 'px-mobile', name: 'PX Mobile' },
  { tenant: 'px-internal', name: 'PX Internal' },
];

/** The people present in every product: the PX admin, the launcher, a manager and a viewer. */
export const PRODUCT_PEOPLE = ['pad', 'pla', 'pma', 'pvi'] as const;

/** The product's name for a tenant id (the id itself when unknown). */
export const productName = (tenant: string): string =>
  PRODUCTS.find((p) => p.tenant === tenant)?.name ?? tenant;

/** Engagements of each product: [id suffix, environment, state, title]. */
const ENGAGEMENTS = [
  ['onboarding', 'production', 'active', 'Onboarding checklist'],
  ['release-notes', 'production', 'active', 'Release notes'],
  ['upsell', 'production', 'active', 'Upgrade offer'],
  ['survey', 'production', 'paused', 'Satisfaction survey'],
  ['tooltip-tour', 'staging', 'active', 'Tooltip tour (staging)'],
  ['beta', 'staging', 'draft', 'Beta feedback (staging)'],
] as const;

/**
 * The world of one product tenant: the shared PX people with their roles, and engagements
 * in production and staging (one paused in production from the start).
 *
 * @example
 * ```ts
 * await storage.ensureTenant('px-web', productWorld('px-web'));
 * ```
 */
export function productWorld(tenant: string): WorldInput {
  const name = productName(tenant);
  return {
    users: users
      .filter((u) => (PRODUCT_PEOPLE as readonly string[]).includes(u.id))
      .map((u) => ({
        id: u.id,
        ...(u.roles ? { roles: u.roles } : {}),
        attributes: { ...u.attributes, name: u.name },
      })),
    resources: ENGAGEMENTS.map(([id, env, state, title]) => ({
      type: 'engagement',
      id: `${tenant}-${id}`,
      env,
      state,
      fields: { title: `${title} · ${name}` },
    })),
  };
}

/**
 * What happens in each product after it is seeded, so "Paused now" names who paused what
 * and when: the launcher pauses a production engagement, the admin a staging one.
 */
export function productStory(
  tenant: string,
): { actor: string; resource: { type: 'engagement'; id: string }; action: string }[] {
  return [
    {
      actor: 'pla',
      resource: { type: 'engagement', id: `${tenant}-release-notes` },
      action: 'pause',
    },
    {
      actor: 'pad',
      resource: { type: 'engagement', id: `${tenant}-tooltip-tour` },
      action: 'pause',
    },
  ];
}

/**
 * The tenants a person belongs to under their one identity (W5): `acme` for everyone, and
 * every product for the PX people. The dev sign-in puts this list in the token.
 *
 * @example
 * ```ts
 * tenantsOf('pad'); // [{ tenant: 'acme', userId: 'pad' }, { tenant: 'px-web', userId: 'pad' }, …]
 * ```
 */
export function tenantsOf(userId: string): { tenant: string; userId: string }[] {
  if (!(PRODUCT_PEOPLE as readonly string[]).includes(userId)) return [];
  return PRODUCTS.map((p) => ({ tenant: p.tenant, userId }));
}
