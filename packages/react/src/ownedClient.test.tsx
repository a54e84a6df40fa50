/**
 * `<GrantkitProvider options>` and `useOwnedGrantkitClient`: the provider owns its client
 * (finding 2). React 19 StrictMode mounts, unmounts and remounts every effect in development;
 * the client must survive that and be disposed only by a real unmount.
 */

import type { GrantkitClient } from '@grantkit/sdk';
import { act, cleanup, render, screen, waitFor } from '@testing-library/react';
import { StrictMode } from 'react';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { seriousViolations } from './__fixtures__/axe.ts';
import { createWorld, DASHBOARDS, dashboard, TENANT } from './__fixtures__/world.ts';
import {
  GrantkitProvider,
  GuardedAction,
  useGrantkitClient,
  useGrantkitStatus,
  usePermittedList,
} from './index.ts';

const world = createWorld();
afterAll(() => world.dispose());
afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

/** How many timers and handles this process holds besides sockets. */
const held = () => process.getActiveResourcesInfo().filter((r) => !/TCP|Pipe|TTY/.test(r)).length;

const tick = (ms: number) => act(() => new Promise<void>((done) => setTimeout(done, ms)));

let seen: GrantkitClient | undefined;
/** Every client a render of Rows was given. */
const rendered = new Set<GrantkitClient>();
function Rows() {
  seen = useGrantkitClient();
  rendered.add(seen);
  const { status } = useGrantkitStatus();
  const rows = usePermittedList(
    DASHBOARDS.map((d) => dashboard(d.id)),
    'view',
  );
  return (
    <main>
      <p>status: {status}</p>
      <ul aria-label="Dashboards">
        {rows.map((r) => (
          <li key={r.id}>{r.fields.title}</li>
        ))}
      </ul>
      <GuardedAction I="edit" on={dashboard('churn')}>
        <button type="button">Edit Churn Watch</button>
      </GuardedAction>
    </main>
  );
}

describe('<GrantkitProvider options> (the provider owns the client)', () => {
  it('finding 2: under React 19 StrictMode the rows and answers appear after the double mount', async () => {
    const fetchSnapshot = vi.fn(async () => world.snapshot('bob'));
    render(
      <StrictMode>
        <GrantkitProvider options={{ tenant: TENANT, userId: 'bob', push: false, fetchSnapshot }}>
          <Rows />
        </GrantkitProvider>
      </StrictMode>,
    );
    await screen.findByText('status: ready');
    const names = screen.getAllByRole('listitem').map((li) => li.textContent);
    expect(names).toEqual(['Churn Watch', 'Renewals', 'Pipeline', 'Exec Summary']);
    expect(seen?.status).toBe('ready');
    expect(seen?.can('view', dashboard('churn'))).toBe(true);
    expect(
      screen.getByRole('button', { name: 'Edit Churn Watch' }).getAttribute('aria-disabled'),
    ).toBe('true');
    expect(await seriousViolations(document.body)).toEqual([]);
  });

  it('keeps one client across the simulated unmount, and a real unmount disposes it with nothing left running', async () => {
    await tick(0); // the last test's dispose
    const before = held();
    rendered.clear();
    const fetchSnapshot = vi.fn(async () => world.snapshot('ann'));
    const { unmount } = render(
      <StrictMode>
        <GrantkitProvider
          options={{
            tenant: TENANT,
            userId: 'ann',
            push: false,
            fetchSnapshot,
            revalidateInterval: 50,
          }}
        >
          <Rows />
        </GrantkitProvider>
      </StrictMode>,
    );
    await screen.findByText('status: ready');
    expect(rendered.size).toBe(1);
    const client = [...rendered][0]!;
    // still polling after the double mount: it was not disposed
    const calls = fetchSnapshot.mock.calls.length;
    await waitFor(() => expect(fetchSnapshot.mock.calls.length).toBeGreaterThan(calls));
    unmount();
    await waitFor(() => expect(client.status).toBe('idle'));
    // polled by hand: waitFor holds timers of its own while it waits
    for (let i = 0; i < 250 && held() > before; i++) await tick(20);
    expect(held()).toBeLessThanOrEqual(before);
    const after = fetchSnapshot.mock.calls.length;
    await tick(200);
    expect(fetchSnapshot.mock.calls.length).toBe(after);
  });

  it("a new userId gets a client of its own and the previous user's client is disposed (MODEL C4)", async () => {
    // The options are read once: the transport answers for whoever is signed in now.
    let current = 'bob';
    const fetchSnapshot = async () => world.snapshot(current);
    const options = (userId: string) => ({ tenant: TENANT, userId, push: false, fetchSnapshot });
    const ui = (userId: string) => (
      <StrictMode>
        <GrantkitProvider options={options(userId)}>
          <Rows />
        </GrantkitProvider>
      </StrictMode>
    );
    const { rerender } = render(ui('bob'));
    await waitFor(() => expect(screen.getAllByRole('listitem')).toHaveLength(4));
    const first = seen;
    current = 'ann';
    rerender(ui('ann'));
    await waitFor(() => expect(screen.getAllByRole('listitem')).toHaveLength(DASHBOARDS.length));
    expect(seen).not.toBe(first);
    expect(seen?.getSnapshot().userId).toBe('ann');
    await waitFor(() =>
      expect(first?.getSnapshot()).toMatchObject({ userId: null, status: 'idle' }),
    );
  });

  it('finding 2: a client disposed by hand warns once in development when it is used', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const client = world.client('dee', { pending: true });
    client.dispose();
    expect(client.can('view', dashboard('q3'))).toBe(false);
    client.explain('view', dashboard('q3'));
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]?.[0])).toMatch(
      /can\(\) was called on a disposed client: every check is false.*<GrantkitProvider options=\{\.\.\.\}>/,
    );
  });
});
