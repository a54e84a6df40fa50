import type { WorldInput } from '@grantkit/core';
import { bundles, groups } from './bundles';
import { recordTypes, resources } from './resources';
import { users } from './users';

export type { SeedUser } from './users';
export { users } from './users';

/** The demo tenant's id. */
export const DEMO_TENANT = 'acme';

/**
 * The demo tenant's world, in the conformance scenario shape (`WorldInput`):
 * 22 users, 4 groups, 5 bundles besides the built-ins, 7 folders, 200 dashboards at every
 * sharing level, records with sharing rules, engagements and report events.
 */
export function seedWorld(): WorldInput {
  return {
    users: users.map(({ about: _about, name, ...user }) => ({
      ...user,
      attributes: { ...user.attributes, name },
    })),
    groups,
    bundles,
    resources,
    recordTypes,
  };
}
