/**
 * MODEL C4: a snapshot belongs to one user; switching user with the same provider drops the
 * previous user's answers at once. No commit may show the new user with the old user's answers.
 */
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import { StrictMode, useEffect } from 'react';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createWorld, dashboard, TENANT } from './__fixtures__/world.ts';
import { GrantkitProvider, GuardedAction, useCan } from './index.ts';

const world = createWorld();
afterAll(() => world.dispose());
afterEach(cleanup);

const churn = dashboard('churn');
/** Every commit: the user the page says is signed in, and the answer shown beside it. */
const commits: Array<{ user: string; canEdit: boolean; state: string | null }> = [];

function Page({ user }: { user: string }) {
  const canEdit = useCan('edit', churn);
  useEffect(() => {
    const state = screen.getByRole('button', { name: 'Edit' }).getAttribute('data-state');
    commits.push({ user, canEdit, state });
  });
  return (
    <GuardedAction I="edit" on={churn}>
      <button type="button">Edit</button>
    </GuardedAction>
  );
}

describe('switching user with the same provider (MODEL C4)', () => {
  it("finding R2: the first commit for the new user never shows the previous user's answers", async () => {
    let current = 'ann';
    const fetchSnapshot = async () => world.snapshot(current);
    const ui = (userId: string) => (
      <StrictMode>
        <GrantkitProvider options={{ tenant: TENANT, userId, push: false, fetchSnapshot }}>
          <Page user={userId} />
        </GrantkitProvider>
      </StrictMode>
    );
    const { rerender } = render(ui('ann'));
    await waitFor(() => expect(commits.at(-1)).toMatchObject({ user: 'ann', canEdit: true }));
    commits.length = 0;
    current = 'bob';
    rerender(ui('bob'));
    const button = screen.getByRole('button', { name: 'Edit' });
    await waitFor(() => expect(button.getAttribute('data-state')).toBe('denied'));
    expect(commits.at(-1)).toMatchObject({ user: 'bob', canEdit: false });
    expect(commits.filter((c) => c.canEdit || c.state === 'allowed')).toEqual([]);
  });
});
