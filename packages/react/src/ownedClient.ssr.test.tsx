// @vitest-environment node
/**
 * `<GrantkitProvider options>` rendered on the server (Next.js renders client components
 * there too): no effect runs, so nothing would dispose the client. It is created in the
 * SDK's server mode: answers from `initialSnapshot`, and nothing is left open.
 */
import { renderToString } from 'react-dom/server';
import { afterAll, describe, expect, it } from 'vitest';
import { createWorld, dashboard, TENANT } from './__fixtures__/world.ts';
import { Can, GrantkitProvider, GuardedAction } from './index.ts';

const world = createWorld();
afterAll(() => world.dispose());

/** How many timers and handles this process holds. */
const held = () => process.getActiveResourcesInfo().length;
const churn = dashboard('churn');

describe('<GrantkitProvider options> on the server', () => {
  it('finding 2: renders from initialSnapshot and leaves no stream, timer or listener behind', async () => {
    await new Promise((done) => setTimeout(done, 0));
    const before = held();
    const html = renderToString(
      <GrantkitProvider
        options={{
          baseUrl: 'http://127.0.0.1:9/grantkit',
          tenant: TENANT,
          userId: 'bob',
          initialSnapshot: world.snapshot('bob'),
        }}
      >
        <Can I="view" on={churn}>
          <h1>Churn Watch</h1>
        </Can>
        <GuardedAction I="edit" on={churn}>
          <button type="button">Edit</button>
        </GuardedAction>
      </GrantkitProvider>,
    );
    expect(html).toContain('<h1>Churn Watch</h1>');
    expect(html).toMatch(/<button type="button" aria-disabled="true"[^>]*>Edit<\/button>/);
    expect(held()).toBe(before);
  });
});
