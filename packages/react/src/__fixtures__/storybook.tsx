/// <reference path="./css.d.ts" />
/**
 * The Storybook side of the story world: one shared world, its clients per acting user, and
 * the decorator that puts the acting user's client (toolbar "Acting user") around a story.
 */
import { createGrantkitClient, type GrantkitClient } from '@grantkit/sdk';
import type { Decorator } from '@storybook/react-vite';
import { GrantkitProvider } from '../index.ts';
import '../../styles.css';
import { createWorld, PEOPLE, type PersonId, TENANT } from './world.ts';

/** The world every story shows (the real core model; real SDK clients). */
export const world = createWorld();

const pending = new Map<string, GrantkitClient>();
const byStatus = new Map<string, GrantkitClient>();

/** The client statuses a story can show (the `status` control). */
export const STATUSES = ['ready', 'loading', 'stale', 'error'] as const;
export type StoryStatus = (typeof STATUSES)[number];

/**
 * A real SDK client of `user` in `status`: `stale` starts from the user's snapshot with a
 * maximum staleness of 1 ms and a transport that never answers, so it turns `stale` at
 * once (MODEL C4: every check false), `error` has no
 * snapshot and a transport that fails (status `error` once its first fetch failed).
 */
function clientIn(user: string, status: 'stale' | 'error'): GrantkitClient {
  const key = `${status}:${user}`;
  let client = byStatus.get(key);
  if (!client) {
    const fail = async (): Promise<null> => {
      throw new TypeError('Failed to fetch (story: the grants server is unreachable)');
    };
    client =
      status === 'stale'
        ? createGrantkitClient({
            tenant: TENANT,
            userId: user,
            push: false,
            initialSnapshot: world.snapshot(user),
            fetchSnapshot: () => new Promise<null>(() => {}),
            // the revalidation is still pending while a story is looked at (given up only
            // after requestTimeout: the longest a timer keeps, about 24.8 days)
            requestTimeout: 2 ** 31 - 1,
            maxStale: 1,
          })
        : createGrantkitClient({ tenant: TENANT, userId: user, push: false, fetchSnapshot: fail });
    byStatus.set(key, client);
  }
  return client;
}

/** What a story may fix in `parameters.grantkit`. */
export interface GrantkitParameters {
  /** Always act as this user, whatever the toolbar says. */
  readonly user?: PersonId;
  /** A client still loading its first snapshot. */
  readonly pending?: boolean;
}

/** The args every story has (preview-level controls): who acts, and the client's status. */
export interface GrantkitArgs {
  /** Act as this user (default: the story's fixed user, else the toolbar's). */
  readonly user?: PersonId | undefined;
  /** The client's status (default: `ready`, or `loading` for a pending story). */
  readonly status?: StoryStatus | undefined;
}

/** The acting user's client: ready from its snapshot, or (`pending`) still loading. */
export function clientFor(user: string, isPending = false): GrantkitClient {
  if (!isPending) return world.client(user);
  return pendingClient(user);
}

/** The acting user's client in a given status (the `status` control). */
export function clientWithStatus(user: string, status: StoryStatus): GrantkitClient {
  if (status === 'ready') return world.client(user);
  if (status === 'loading') return pendingClient(user);
  return clientIn(user, status);
}

function pendingClient(user: string): GrantkitClient {
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

/** Who a story acts as: the `user` control, else its fixed user, else the toolbar's. */
export function actingUser(
  parameters: { grantkit?: GrantkitParameters },
  globals: {
    user?: string;
  },
  args: GrantkitArgs = {},
): PersonId {
  return args.user ?? parameters.grantkit?.user ?? (globals.user as PersonId | undefined) ?? 'bob';
}

/** Wraps a story in the acting user's `<GrantkitProvider>`. */
export const withGrantkit: Decorator = (Story, { parameters, globals, args }) => {
  const params = parameters as { grantkit?: GrantkitParameters };
  const { status } = args as GrantkitArgs;
  const user = actingUser(params, globals, args as GrantkitArgs);
  const client =
    status === undefined
      ? clientFor(user, params.grantkit?.pending)
      : clientWithStatus(user, status);
  return (
    <GrantkitProvider client={client}>
      <Story />
    </GrantkitProvider>
  );
};
