/// <reference path="./css.d.ts" />
/**
 * The Storybook side of the story world: one shared world, its clients per acting user, and
 * the decorator that puts the acting user's client (toolbar "Acting user") around a story.
 */
import type { GrantkitClient } from '@grantkit/sdk';
import type { Decorator } from '@storybook/react-vite';
import { GrantkitProvider } from '../index.ts';
import '../../styles.css';
import { createWorld, PEOPLE, type PersonId } from './world.ts';

/** The world every story shows (the real core model; real SDK clients). */
export const world = createWorld();

const pending = new Map<string, GrantkitClient>();

/** What a story may fix in `parameters.grantkit`. */
export interface GrantkitParameters {
  /** Always act as this user, whatever the toolbar says. */
  readonly user?: PersonId;
  /** A client still loading its first snapshot. */
  readonly pending?: boolean;
}

/** The acting user's client: ready from its snapshot, or (`pending`) still loading. */
export function clientFor(user: string, isPending = false): GrantkitClient {
  if (!isPending) return world.client(user);
  let client = pending.get(user);
  if (!client) {
    client = world.client(user, { pending: true });
    pending.set(user, client);
  }
  return client;
}

/** The toolbar's "Acting user" control. */
export const userGlobalType = {
  description: 'The signed-in user the stories act as',
  toolbar: {
    title: 'Acting user',
    icon: 'user' as const,
    items: PEOPLE.map((p) => ({ value: p.id, title: p.name })),
    dynamicTitle: true,
  },
};

/** Who a story acts as: its fixed user, else the toolbar's. */
export function actingUser(
  parameters: { grantkit?: GrantkitParameters },
  globals: {
    user?: string;
  },
): PersonId {
  return parameters.grantkit?.user ?? (globals.user as PersonId | undefined) ?? 'bob';
}

/** Wraps a story in the acting user's `<GrantkitProvider>`. */
export const withGrantkit: Decorator = (Story, { parameters, globals }) => {
  const params = parameters as { grantkit?: GrantkitParameters };
  return (
    <GrantkitProvider client={clientFor(actingUser(params, globals), params.grantkit?.pending)}>
      <Story />
    </GrantkitProvider>
  );
};
