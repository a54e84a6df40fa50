// A model the core README's smaller snippets run on: the conformance suite's Gainsight
// schema; surveyAdmin holds admin on survey s1; Ann's dashboard q3 is shared with Bob (view).
import { readFileSync } from 'node:fs';
import { createModel, loadSchema } from '@grantkit/core';

const gainsight = loadSchema(
  JSON.parse(
    readFileSync(new URL('../../conformance/schema.gainsight.json', import.meta.url), 'utf8'),
  ),
);
export const model = createModel(gainsight, {
  users: [{ id: 'surveyAdmin' }, { id: 'ann' }, { id: 'bob' }],
  bundles: [
    {
      id: 'S1ADMIN',
      users: ['surveyAdmin'],
      grants: [{ type: 'survey', id: 's1', actions: ['admin'] }],
    },
    {
      id: 'CSM',
      users: ['ann', 'bob'],
      grants: [{ type: 'page', id: 'dashboards', actions: ['navigate'] }],
    },
  ],
  resources: [
    { type: 'survey', id: 's1' },
    { type: 'dashboard', id: 'q3', owner: 'ann', shares: [{ user: 'bob', level: 'view' }] },
  ],
});
