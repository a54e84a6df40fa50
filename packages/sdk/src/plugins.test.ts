// @vitest-environment node
/**
 * The plugin contract and the opt-in explanation texts: what a plugin hears (answers of
 * the server, why its session ends), short reasons by default, full texts with
 * `explainTexts()`. Snapshots are compiled by core and served by a custom transport.
 */
import { compileSnapshot, createModel, type GrantSnapshot } from '@grantkit/core';
import { afterEach, describe, expect, it } from 'vitest';
import { until } from './__fixtures__/util.ts';
import { schema, TENANT, world } from './__fixtures__/world.ts';
import { createGrantkitClient } from './client.ts';
import { explainTexts } from './explain.ts';
import type { GrantkitPlugin, Received, StopReason } from './plugin.ts';
import type { GrantkitClient, GrantkitClientOptions } from './types.ts';

const clients: GrantkitClient[] = [];
afterEach(() => {
  for (const c of clients.splice(0)) c.dispose();
});

const model = createModel(schema, world as never);
const snapshot = (user: string, revision = 1): GrantSnapshot =>
  JSON.parse(JSON.stringify(compileSnapshot(model, user, { tenant: TENANT, revision })));

const client = (options: Partial<GrantkitClientOptions> = {}) => {
  const userId = options.userId ?? 'ann';
  const c = createGrantkitClient({
    tenant: TENANT,
    userId,
    fetchSnapshot: async () => snapshot(userId),
    ...options,
  });
  clients.push(c);
  return c;
};

describe('explanations', () => {
  it('short reasons by default: the answer and the resource, no sources', async () => {
    const c = client();
    await until(() => c.status === 'ready');
    expect(c.explain('design', { type: 'survey' })).toEqual({
      allowed: true,
      reasons: [],
      message: 'design on every survey: allowed',
    });
    expect(c.explain('view', { type: 'report', id: 'r1', fields: { title: 'Q3' } }).message).toBe(
      'needs view on report “Q3”',
    );
    expect(c.explain('navigate', { type: 'page', id: 'reports' }).message).toBe(
      'needs navigate on page “reports”', // pages out of the user's menu go by id
    );
  });

  it('explainTexts(): the full texts, with the sources of each grant (MODEL K6)', async () => {
    const c = client({ plugins: [explainTexts()] });
    await until(() => c.status === 'ready');
    const why = c.explain('design', { type: 'survey' });
    expect(why.allowed).toBe(true);
    expect(why.message).toContain('surveyors');
    expect(why.reasons.length).toBeGreaterThan(0);
    expect(c.explain('view', { type: 'report' }).message).toMatch(/you have nothing/);
  });
});

describe('plugins', () => {
  /** A plugin that records what it hears. */
  const recorder = () => {
    const heard: (Received | StopReason | string)[] = [];
    const plugin: GrantkitPlugin = {
      name: 'recorder',
      start(ctx) {
        heard.push(`start ${ctx.identity.userId}`);
        return { received: (e) => heard.push(e), stop: (why) => heard.push(why) };
      },
    };
    return { heard, plugin };
  };

  it('starts with each user, hears each answer of the server, and why its session ends', async () => {
    const { heard, plugin } = recorder();
    const c = client({ plugins: [plugin] });
    await until(() => c.status === 'ready');
    expect(heard[0]).toBe('start ann');
    expect(heard[1]).toMatchObject({ previous: -1, changed: true, snapshot: { user: 'ann' } });
    c.setUser({ tenant: TENANT, userId: 'bob' });
    c.signOut();
    c.dispose();
    expect(heard.slice(2).filter((x) => typeof x === 'string')).toEqual([
      'switch-user',
      'start bob',
      'sign-out',
    ]);
  });

  it('an initial snapshot is not an answer of the server: plugins do not hear it', () => {
    const { heard, plugin } = recorder();
    client({
      plugins: [plugin],
      initialSnapshot: snapshot('ann'),
      fetchSnapshot: () => new Promise(() => {}),
    });
    expect(heard).toEqual(['start ann']);
  });
});
