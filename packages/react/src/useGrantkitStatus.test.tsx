import { act, cleanup, render, screen } from '@testing-library/react';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { seriousViolations } from './__fixtures__/axe.ts';
import { createWorld } from './__fixtures__/world.ts';
import { GrantkitProvider, type GrantkitStatus, useGrantkitStatus } from './index.ts';

const world = createWorld();
afterAll(() => world.dispose());
afterEach(cleanup);

const seen: GrantkitStatus[] = [];
function Banner() {
  const status = useGrantkitStatus();
  seen.push(status);
  return (
    <p role="status">
      {status.status}
      {status.reason ? ` (${status.reason})` : ''}
    </p>
  );
}

describe('useGrantkitStatus', () => {
  it('gives the status and re-renders only when it changes, not on new grants', async () => {
    seen.length = 0;
    const client = world.client('bob');
    const { container } = render(
      <GrantkitProvider client={client}>
        <Banner />
      </GrantkitProvider>,
    );
    expect(screen.getByRole('status').textContent).toBe('ready');
    expect(seen).toEqual([{ status: 'ready', reason: null, error: null }]);
    const revision = client.getSnapshot().revision;
    await act(() =>
      world.apply('ann', { op: 'share', args: { asset: 'q3', user: 'bob', level: 'view' } }),
    );
    expect(client.getSnapshot().revision).toBeGreaterThan(revision ?? 0);
    expect(seen).toHaveLength(1);
    act(() => client.signOut());
    expect(screen.getByRole('status').textContent).toBe('idle');
    expect(seen.map((s) => s.status)).toEqual(['ready', 'idle']);
    expect(await seriousViolations(container)).toEqual([]);
  });

  it('is loading while the first snapshot is on its way', () => {
    render(
      <GrantkitProvider client={world.client('ann', { pending: true })}>
        <Banner />
      </GrantkitProvider>,
    );
    expect(screen.getByRole('status').textContent).toBe('loading');
  });
});
