import type { WorldInput } from '@grantkit/core';
import { bundles, groups } from './bundles';
import { channels, settings } from './engagecx';
import { recordTypes, resources } from './resources';
import { surveyGrants, surveys } from './surveys';
import { users } from './users';

export type { SeedUser } from './users';
export { users } from './users';

/** The demo tenant's id. */
export const DEMO_TENANT = 'acme';

/**
 * The demo tenant's world, in the conformance scenario shape (`WorldInput`):
 * 22 users, 4 groups, 5 bundles besides the built-ins, 7 folders, 200 dashboards at every
 * sharing level, records with sharing rules, engagements and report events, 4 surveys (one with
 * a survey-level admin), 5 contact-centre channels and 4 tenant settings.
 */
export function seedWorld(): WorldInput {
  return {
    users: users.map(({ about: _about, name, ...user }) => ({
      ...user,
      attributes: { ...user.attributes, name },
    })),
    groups,
    bundles,
    resources: [...resources, ...surveys, ...channels, ...settings],
    directGrants: surveyGrants,
    recordTypes,
  };
}
