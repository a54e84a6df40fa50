/**
 * A small Grantkit world for stories, tests, the browser test page and the bench: the real
 * core model (`createModel`), snapshots compiled by core (`compileSnapshot`) and the real
 * SDK client (`createGrantkitClient` with `initialSnapshot` and a transport that recompiles
 * from the model). Not part of the package's public surface.
 */
import {
  compileSnapshot,
  createModel,
  defineSchema,
  type Model,
  type Op,
  type WorldInput,
} from '@grantkit/core';
import { createGrantkitClient, type GrantkitClient, type GrantSnapshot } from '@grantkit/sdk';

export const TENANT = 'acme';

/** Pages, folders and dashboards (MODEL N1, A1–A4), a survey module. */
export const schema = defineSchema({
  name: 'storybook',
  pages: [
    { id: 'timeline', title: 'Timeline' },
    { id: 'c360', title: 'C360' },
    { id: 'dashboards', title: 'Dashboards' },
    { id: 'jo', title: 'Journey Orchestrator' },
    { id: 'jo.programs', title: 'Programs', parent: 'jo' },
    { id: 'jo.surveys', title: 'Surveys', parent: 'jo' },
    { id: 'administration', title: 'Administration' },
    { id: 'administration.dashboardBuilder', title: 'Dashboard Builder', parent: 'administration' },
    {
      id: 'administration.permissionBundles',
      title: 'Permission Bundles',
      parent: 'administration',
    },
    { id: 'administration.sharingSettings', title: 'Sharing Settings', parent: 'administration' },
  ],
  types: {
    page: { kind: 'page', actions: ['navigate', 'edit'], implies: { edit: ['navigate'] } },
    folder: {
      kind: 'asset',
      actions: ['view', 'share', 'edit', 'admin'],
      implies: { admin: ['edit', 'share'], edit: ['view'], share: ['view'] },
      viewPage: 'dashboards',
      editPage: 'administration.dashboardBuilder',
    },
    dashboard: {
      kind: 'asset',
      actions: ['view', 'share', 'edit', 'admin'],
      implies: { admin: ['edit', 'share'], edit: ['view'], share: ['view'] },
      viewPage: 'dashboards',
      editPage: 'administration.dashboardBuilder',
    },
    survey: {
      kind: 'module',
      actions: ['design', 'distribute', 'analyze', 'admin'],
      implies: { admin: ['design', 'distribute', 'analyze'], distribute: ['analyze'] },
    },
  },
});

/** The people of the world, as the "acting user" toolbar lists them. */
export const PEOPLE = [
  { id: 'ann', name: 'Ann, dashboard owner (Builder)' },
  { id: 'bob', name: 'Bob, viewer of dashboards (Viewer)' },
  { id: 'cai', name: 'Cai, dashboard builder (Builder)' },
  { id: 'dee', name: 'Dee, journeys only (Journeys)' },
  { id: 'eve', name: 'Eve, administrator (Admin)' },
  { id: 'root', name: 'Root, super admin' },
] as const;
export type PersonId = (typeof PEOPLE)[number]['id'];

/** One bundle per menu story (MODEL N3): who holds it, what pages it grants. */
export const BUNDLES = [
  { id: 'Viewer', holder: 'bob', pages: ['timeline', 'c360', 'dashboards'] },
  { id: 'Builder', holder: 'cai', pages: ['dashboards', 'administration.dashboardBuilder'] },
  { id: 'Journeys', holder: 'dee', pages: ['timeline', 'jo.programs', 'jo.surveys'] },
  {
    id: 'Admin',
    holder: 'eve',
    pages: ['administration.permissionBundles', 'administration.sharingSettings'],
  },
] as const;

/** One dashboard per sharing level of MODEL A1, all owned by Ann in the folder Reports. */
export const DASHBOARDS = [
  { id: 'q3', title: 'Q3 Revenue', sharing: 'private' },
  { id: 'churn', title: 'Churn Watch', sharing: 'public-view' },
  { id: 'renewals', title: 'Renewals', sharing: 'public-view-share' },
  { id: 'pipeline', title: 'Pipeline', sharing: 'public-view-edit' },
  { id: 'exec', title: 'Exec Summary', sharing: 'specific' },
] as const;
export type DashboardId = (typeof DASHBOARDS)[number]['id'];

/**
 * A dashboard as the host app checks it: with its title in `fields`, so a reason names it
 * (`needs edit on dashboard “Churn Watch”`); the snapshot ships ids, not titles.
 */
export function dashboard(id: DashboardId) {
  const title = DASHBOARDS.find((d) => d.id === id)?.title ?? id;
  return { type: 'dashboard', id, fields: { title } } as const;
}

/** The world the stories show. */
export function storyWorld(): WorldInput {
  const users = PEOPLE.map((p) => ({
    id: p.id,
    ...(p.id === 'root' ? { superAdmin: true } : {}),
    attributes: { name: p.name },
  }));
  const page = (id: string) => ({ type: 'page', id, actions: ['navigate'] });
  return {
    users,
    bundles: BUNDLES.map((b) => ({
      id: b.id,
      grants: b.pages.map(page),
      users: b.id === 'Builder' ? ['ann', b.holder] : [b.holder],
    })),
    resources: [
      { type: 'folder', id: 'reports', owner: 'ann', fields: { title: 'Reports' } },
      ...DASHBOARDS.map((d) => ({
        type: 'dashboard',
        id: d.id,
        parent: 'reports',
        owner: 'ann',
        sharing: d.sharing,
        fields: { title: d.title },
        ...(d.sharing === 'specific'
          ? {
              shares: [
                { user: 'bob', level: 'view-edit' as const },
                { user: 'dee', level: 'view' as const },
              ],
            }
          : {}),
      })),
    ],
  };
}

/** Options of a world's clients. */
export interface ClientOptions {
  /** A client still loading its first snapshot (its transport never answers). */
  readonly pending?: boolean;
}

/** A model, and real SDK clients for its users fed by snapshots compiled from it. */
export interface World {
  readonly model: Model<typeof schema.def>;
  /** The snapshot of `userId` as the grants server would send it (compiled, through JSON). */
  snapshot(userId: string): GrantSnapshot;
  /** A client of `userId` (cached per user unless pending), ready with its snapshot. */
  client(userId: string, options?: ClientOptions): GrantkitClient;
  /** Applies an admin operation to the model, then refreshes every client from it. */
  apply(actorId: string, op: Op): Promise<void>;
  /** Disposes every client. */
  dispose(): void;
}

/** Creates a world over `input` (default: {@link storyWorld}). */
export function createWorld(input: WorldInput = storyWorld()): World {
  const model = createModel(schema, input);
  const clients = new Map<string, GrantkitClient>();
  const extra: GrantkitClient[] = [];
  const snapshot = (userId: string): GrantSnapshot =>
    JSON.parse(JSON.stringify(compileSnapshot(model, userId, { tenant: TENANT })));
  return {
    model,
    snapshot,
    client(userId, options = {}) {
      const cached = options.pending ? undefined : clients.get(userId);
      if (cached) return cached;
      const client = createGrantkitClient({
        tenant: TENANT,
        userId,
        push: false,
        ...(options.pending
          ? {
              fetchSnapshot: () => new Promise<null>(() => {}),
              // still loading while a story is looked at: a request is given up only after
              // requestTimeout (the longest a timer keeps, about 24.8 days)
              requestTimeout: 2 ** 31 - 1,
            }
          : { initialSnapshot: snapshot(userId), fetchSnapshot: async () => snapshot(userId) }),
      });
      if (options.pending) extra.push(client);
      else clients.set(userId, client);
      return client;
    },
    async apply(actorId, op) {
      model.apply(actorId, op);
      const revision = model.revision;
      await Promise.all(
        [...clients.values()].map(async (c) => {
          // A refresh already in flight may have been asked before the change: ask again.
          await c.refresh();
          if ((c.getSnapshot().revision ?? -1) < revision) await c.refresh();
        }),
      );
    },
    dispose() {
      for (const c of [...clients.values(), ...extra]) c.dispose();
      clients.clear();
      extra.length = 0;
    },
  };
}
