import { createGrantkitClient } from '@grantkit/sdk';
import { act, fireEvent, screen } from '@testing-library/react';
import { hydrateRoot } from 'react-dom/client';
import { renderToString } from 'react-dom/server';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { createWorld, dashboard, TENANT } from './__fixtures__/world.ts';
import { Can, GrantkitProvider, GuardedAction } from './index.ts';

const world = createWorld();
afterAll(() => world.dispose());

const churn = dashboard('churn');

function Page() {
  return (
    <main>
      <Can I="view" on={churn} fallback={<p>No access</p>}>
        <h1>Churn Watch</h1>
      </Can>
      <GuardedAction I="view" on={churn}>
        <button type="button">Open</button>
      </GuardedAction>
      <GuardedAction I="edit" on={churn}>
        <button type="button">Edit</button>
      </GuardedAction>
      <GuardedAction I="share" on={churn}>
        <a href="/share">Share</a>
      </GuardedAction>
      <Can I="admin" on={churn}>
        {({ allowed, reason }) => <p data-allowed={String(allowed)}>{reason}</p>}
      </Can>
    </main>
  );
}

/** A client as the server and the browser each create it: from the same snapshot. */
const clientFrom = (snapshot: ReturnType<typeof world.snapshot>) =>
  createGrantkitClient({
    tenant: TENANT,
    userId: 'bob',
    initialSnapshot: snapshot,
    push: false,
    fetchSnapshot: async () => null,
  });

describe('server rendering from initialSnapshot', () => {
  it('renders the answers on the server and hydrates with no mismatch', async () => {
    const snapshot = world.snapshot('bob');
    const server = clientFrom(snapshot);
    const html = renderToString(
      <GrantkitProvider client={server}>
        <Page />
      </GrantkitProvider>,
    );
    server.dispose();
    expect(html).toContain('<h1>Churn Watch</h1>');
    expect(html).toMatch(/<button type="button" data-state="allowed">Open<\/button>/);
    expect(html).toMatch(/<button type="button" aria-disabled="true" aria-describedby="[^"]+"/);
    expect(html).toMatch(/role="tooltip"[^>]*hidden=""/);
    expect(html).toMatch(/<a role="link" tabindex="0" aria-disabled="true"/);

    const container = document.createElement('div');
    container.innerHTML = html;
    document.body.append(container);
    const errors = vi.spyOn(console, 'error');
    const recoverable = vi.fn();
    const browser = clientFrom(JSON.parse(JSON.stringify(snapshot)));
    await act(async () => {
      hydrateRoot(
        container,
        <GrantkitProvider client={browser}>
          <Page />
        </GrantkitProvider>,
        { onRecoverableError: recoverable },
      );
    });
    expect(errors).not.toHaveBeenCalled();
    expect(recoverable).not.toHaveBeenCalled();
    expect(container.innerHTML).toBe(html);

    // Hydrated: the tooltip opens on focus, and the ids still link.
    const edit = screen.getByRole('button', { name: 'Edit' });
    act(() => edit.focus());
    const tooltip = document.getElementById(edit.getAttribute('aria-describedby') ?? '');
    expect(tooltip?.hidden).toBe(false);
    expect(fireEvent.click(edit)).toBe(false);
    browser.dispose();
    container.remove();
    errors.mockRestore();
  });
});
