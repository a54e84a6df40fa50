// A world the root README's core snippet runs on: the conformance suite's Gainsight schema,
// Ada's dashboard "Q3 Revenue" that Eve may view (both may open Dashboards).
import { readFileSync } from 'node:fs';
import type { WorldInput } from '@grantkit/core';

export const schemaJson: unknown = JSON.parse(
  readFileSync(new URL('../../conformance/schema.gainsight.json', import.meta.url), 'utf8'),
);
export const world: WorldInput = {
  users: [{ id: 'ada' }, { id: 'eve' }],
  bundles: [
    {
      id: 'CSM',
      users: ['ada', 'eve'],
      grants: [{ type: 'page', id: 'dashboards', actions: ['navigate'] }],
    },
  ],
  resources: [
    {
      type: 'dashboard',
      id: 'q3',
      owner: 'ada',
      fields: { title: 'Q3 Revenue' },
      shares: [{ user: 'eve', level: 'view' }],
    },
  ],
};
