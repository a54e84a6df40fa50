/** The schema and world of the client's tests. */
import { loadSchema } from '@grantkit/core';

export const TENANT = 'acme';

export const schema = loadSchema({
  pages: [{ id: 'reports', title: 'Reports' }],
  types: {
    survey: { kind: 'module', actions: ['design', 'analyze'], implies: { design: ['analyze'] } },
    report: { kind: 'module', actions: ['view', 'export'] },
  },
});

/**
 * A super admin, and per test file its own users (so files can run side by side):
 * the first of each pair is a surveyor, the second starts with nothing.
 */
const pairs = [
  ['ann', 'bob'],
  ['cy', 'dee'],
  ['eve', 'fay'],
  ['gus', 'hal'],
  ['ivy', 'jo'],
  ['kim', 'lu'],
  ['mo', 'ned'],
  ['oli', 'pat'],
  ['quin', 'ray'],
];
export const world = {
  users: [{ id: 'admin', superAdmin: true }, ...pairs.flat().map((id) => ({ id }))],
  bundles: [
    {
      id: 'surveyors',
      grants: [{ type: 'survey', actions: ['design'] }],
      users: pairs.map(([a]) => a),
    },
    { id: 'reporters', grants: [{ type: 'report', actions: ['view'] }], users: [] },
  ],
};
