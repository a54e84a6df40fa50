/**
 * Deterministic world generators for the benches: users, bundles, a folder
 * tree three levels deep (MODEL A4) and dashboards spread over it.
 */
import { defineSchema, type WorldInput } from '@grantkit/core';

/** A small schema with the shapes the benches exercise. */
export const benchSchema = defineSchema({
  name: 'bench',
  pages: [
    { id: 'dashboards', title: 'Dashboards' },
    { id: 'admin', title: 'Administration' },
    { id: 'admin.builder', title: 'Dashboard Builder', parent: 'admin' },
    { id: 'admin.bundles', title: 'Permission Bundles', parent: 'admin' },
    { id: 'surveys', title: 'Surveys' },
  ],
  types: {
    page: { kind: 'page', actions: ['navigate', 'edit'], implies: { edit: ['navigate'] } },
    folder: {
      kind: 'asset',
      actions: ['view', 'share', 'edit', 'admin'],
      implies: { admin: ['edit', 'share'], edit: ['view'], share: ['view'] },
      viewPage: 'dashboards',
      editPage: 'admin.builder',
    },
    dashboard: {
      kind: 'asset',
      actions: ['view', 'share', 'edit', 'admin'],
      implies: { admin: ['edit', 'share'], edit: ['view'], share: ['view'] },
      viewPage: 'dashboards',
      editPage: 'admin.builder',
    },
    survey: {
      kind: 'module',
      actions: ['design', 'distribute', 'analyze', 'admin'],
      implies: { admin: ['design', 'distribute', 'analyze'], distribute: ['analyze'] },
    },
  },
});

/** Mulberry32: a tiny deterministic PRNG. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface WorldSize {
  users: number;
  bundles: number;
  /** Dashboards. */
  assets: number;
  folders: number;
  seed?: number;
}

/**
 * A world of `users`, `bundles` (page and survey grants, ~40 users and a
 * group each), `folders` (a fifth at the top, the rest one level below, some
 * a level further) and `assets` dashboards spread over them; about one asset
 * in ten is shared, one in twenty public.
 */
export function makeWorld({ users, bundles, assets, folders, seed = 42 }: WorldSize): WorldInput {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const userIds = Array.from({ length: users }, (_, i) => `u${i}`);
  const groupCount = Math.max(1, Math.floor(users / 200));
  const groups = Array.from({ length: groupCount }, (_, i) => ({
    id: `G${i}`,
    members: Array.from({ length: 100 }, () => pick(userIds)),
  }));
  const pageSets = [['dashboards'], ['dashboards', 'admin', 'admin.builder'], ['surveys']];
  const bundleList = Array.from({ length: bundles }, (_, i) => ({
    id: `B${i}`,
    grants: [
      ...pick(pageSets).map((id) => ({ type: 'page', id, actions: ['navigate'] })),
      { type: 'survey', id: `s${i}`, actions: [pick(['design', 'analyze', 'admin'])] },
    ],
    users: Array.from({ length: 40 }, () => pick(userIds)),
    groups: [pick(groups).id],
  }));
  const resources: NonNullable<WorldInput['resources']>[number][] = [];
  const top: string[] = [];
  const all: string[] = [];
  for (let i = 0; i < folders; i++) {
    const id = `f${i}`;
    let parent = 'home';
    if (i >= folders / 5) parent = pick(top);
    else top.push(id);
    all.push(id);
    resources.push({
      type: 'folder',
      id,
      parent,
      owner: pick(userIds),
      ...share(r, pick, userIds, groups),
    });
  }
  for (let i = 0; i < assets; i++)
    resources.push({
      type: 'dashboard',
      id: `d${i}`,
      parent: pick(all),
      owner: pick(userIds),
      ...share(r, pick, userIds, groups),
    });
  return {
    users: userIds.map((id) => ({ id })),
    groups: groups.map((g) => ({ ...g, members: [...new Set(g.members)] })),
    bundles: bundleList.map((b) => ({ ...b, users: [...new Set(b.users)] })),
    resources,
  };
}

function share(
  r: () => number,
  pick: <T>(xs: readonly T[]) => T,
  users: string[],
  groups: { id: string }[],
) {
  const x = r();
  if (x < 0.05) return { sharing: 'public-view' as const };
  if (x < 0.15)
    return {
      sharing: 'specific' as const,
      shares: [
        { user: pick(users), level: pick(['view', 'view-edit', 'view-share'] as const) },
        ...(r() < 0.3 ? [{ group: pick(groups).id, level: 'view' as const }] : []),
      ],
    };
  return { sharing: 'private' as const };
}
