/**
 * `useActivity`, `useNotifications`, `useWatch` against the real grants server on
 * 127.0.0.1 (the SDK's test fixture): a change by another user reaches a rendered bell and
 * feed through the push stream; the bell re-renders only when its count changes.
 */

import { createGrantkitClient, type GrantkitClient } from '@grantkit/sdk';
import { type ActivityPlugin, activity } from '@grantkit/sdk/activity';
import { act, cleanup, render, screen, waitFor } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type GrantsServer, startGrantsServer, TENANT } from '../../sdk/src/__fixtures__/server.ts';
import { seriousViolations } from './__fixtures__/axe.ts';
import { useActivity, useNotifications, useWatch } from './index.ts';

let server: GrantsServer;
const clients: GrantkitClient[] = [];
beforeAll(async () => {
  server = await startGrantsServer();
}, 60_000);
afterAll(() => server.close());
afterEach(() => {
  cleanup();
  for (const c of clients.splice(0)) c.dispose();
});

const start = (userId: string) => {
  const plugin = activity();
  const client = createGrantkitClient({
    baseUrl: server.url,
    tenant: TENANT,
    userId,
    getToken: () => server.token(userId),
    plugins: [plugin],
  });
  clients.push(client);
  return { plugin, client };
};

let bellRenders = 0;
function Bell({ source }: { source: ActivityPlugin }) {
  bellRenders++;
  const unread = useNotifications(source, (s) => s.unread);
  return (
    <button type="button" aria-label={`Notifications, ${unread} unread`}>
      {unread}
    </button>
  );
}
function Feed({ source }: { source: ActivityPlugin }) {
  const { items, status } = useActivity(source, { resource: { type: 'user', id: 'quin' } });
  return (
    <section aria-label="Activity" aria-busy={status === 'loading'}>
      <ul>
        {items.map((i) => (
          <li key={i.id}>
            {i.actor} {i.action} {i.resource.id}
          </li>
        ))}
      </ul>
    </section>
  );
}
function WatchButton({ source }: { source: ActivityPlugin }) {
  const { watching, watch, unwatch } = useWatch(source, { type: 'user', id: 'quin' });
  return (
    <button
      type="button"
      aria-pressed={watching ?? false}
      disabled={watching === null}
      onClick={() => void (watching ? unwatch() : watch(['setUser']))}
    >
      {watching ? 'Unwatch' : 'Watch'}
    </button>
  );
}

describe('activity hooks', () => {
  it('a change by another user reaches the feed and the bell live; the bell re-renders only on a new count; axe finds nothing serious', async () => {
    const { plugin, client } = start('quin');
    const { container } = render(
      <>
        <Bell source={plugin} />
        <WatchButton source={plugin} />
        <Feed source={plugin} />
      </>,
    );
    await waitFor(() => expect(client.status).toBe('ready'), { timeout: 10_000 });
    const toggle = await screen.findByRole('button', { name: 'Watch' }, { timeout: 10_000 });
    await waitFor(() => expect(toggle.hasAttribute('disabled')).toBe(false));
    await act(() => toggle.click());
    await screen.findByRole('button', { name: 'Unwatch' }, { timeout: 10_000 });
    await waitFor(() => expect(plugin.notifications.getSnapshot().status).toBe('ready'));
    const renders = bellRenders;
    await server.op('admin', 'setUser', { id: 'quin', attributes: { dept: 'r1' } });
    await screen.findByRole('button', { name: 'Notifications, 1 unread' }, { timeout: 15_000 });
    await screen.findByText('admin setUser quin', {}, { timeout: 15_000 });
    expect(bellRenders).toBe(renders + 1);
    await act(() => plugin.notifications.markAllRead());
    await screen.findByRole('button', { name: 'Notifications, 0 unread' });
    expect(await seriousViolations(container)).toEqual([]);
    act(() => client.signOut());
    expect(screen.queryByText('admin setUser quin')).toBeNull();
  }, 60_000);
});
