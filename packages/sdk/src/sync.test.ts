/**
 * The client with a custom transport (`fetchSnapshot`) and an initial snapshot, the
 * store contract React relies on, and the event-stream parser on awkward chunking.
 * Snapshots and deltas are compiled by core.
 */
import {
  compileSnapshot,
  createModel,
  diffSnapshots,
  type GrantSnapshot,
  type Model,
} from '@grantkit/core';
import { afterEach, describe, expect, it } from 'vitest';
import { until } from './__fixtures__/util.ts';
import { schema, TENANT, world } from './__fixtures__/world.ts';
import { createGrantkitClient } from './client.ts';
import { backoff } from './stream.ts';
import type {
  FetchSnapshotContext,
  GrantChange,
  GrantkitClient,
  GrantkitClientOptions,
  GrantsResponse,
} from './types.ts';

const clients: GrantkitClient[] = [];
afterEach(() => {
  for (const c of clients.splice(0)) c.dispose();
});

const model: Model = createModel(schema, world as never);
let revision = 1;
const snapshot = (user = 'bob'): GrantSnapshot =>
  JSON.parse(JSON.stringify(compileSnapshot(model, user, { tenant: TENANT, revision })));
const change = () =>
  model.apply('admin', { op: 'addToBundle', args: { bundle: 'reporters', user: 'bob' } });

const client = (options: Partial<GrantkitClientOptions>) => {
  const c = createGrantkitClient({
    tenant: TENANT,
    userId: 'bob',
    ...options,
  });
  clients.push(c);
  return c;
};

describe('custom transport (fetchSnapshot)', () => {
  it('asks with since/etag, applies deltas, takes unchanged answers as revalidation', async () => {
    const asked: Omit<FetchSnapshotContext, 'signal'>[] = [];
    const first = snapshot();
    const answers: (GrantsResponse | null)[] = [first];
    const c = client({
      fetchSnapshot: async ({ signal, ...ctx }) => {
        expect(signal).toBeInstanceOf(AbortSignal);
        asked.push(ctx);
        return answers.shift() ?? null;
      },
    });
    await until(() => c.status === 'ready', 1_000, 'ready');
    expect(asked[0]).toEqual({});
    // unchanged at a later revision: same grants, revision moves, evaluator and snapshot parts kept
    answers.push({ kind: 'unchanged', revision: first.revision + 5 });
    await c.refresh();
    expect(asked[1]).toEqual({ since: first.revision, etag: `"${first.revision}"` });
    expect(c.getSnapshot().revision).toBe(first.revision + 5);
    expect(c.getSnapshot().snapshot?.types).toBe(first.types);
    // a delta from the held revision
    const held = c.getSnapshot().snapshot!;
    change();
    revision = held.revision + 1;
    const next = snapshot();
    const patch = diffSnapshots(held, next);
    expect(patch).not.toBeNull();
    answers.push({ kind: 'delta', from: held.revision, to: next.revision, patch });
    await c.refresh();
    expect(c.getSnapshot().revision).toBe(next.revision);
    expect(c.can('view', { type: 'report' })).toBe(true);
    // a delta from another revision: the full snapshot is fetched instead
    answers.push(
      { kind: 'delta', from: 1, to: 99, patch: {} },
      { kind: 'full', snapshot: { ...next, revision: 99 } },
    );
    await c.refresh();
    expect(asked.at(-1)).toEqual({});
    expect(c.getSnapshot().revision).toBe(99);
  });

  it('an initial snapshot starts ready (still validated); an invalid one is refused', () => {
    const ok = client({ initialSnapshot: snapshot(), fetchSnapshot: () => new Promise(() => {}) });
    expect(ok.status).toBe('ready');
    expect(ok.can('design', { type: 'survey' })).toBe(false);
    const foreign = client({
      initialSnapshot: snapshot('ann'),
      fetchSnapshot: () => new Promise(() => {}),
    });
    expect(foreign.status).toBe('error');
    expect(foreign.getSnapshot().error?.code).toBe('foreign-snapshot');
    expect(foreign.can('design', { type: 'survey' })).toBe(false);
  });

  it('without baseUrl or fetchSnapshot: an error that names the fix', async () => {
    const c = client({});
    await c.refresh();
    expect(c.getSnapshot().error?.message).toMatch(/needs baseUrl or fetchSnapshot/);
  });
});

describe('store contract (useSyncExternalStore)', () => {
  it('getSnapshot is stable between changes; listeners get narrow changes; unsubscribe works', async () => {
    const answers: GrantsResponse[] = [snapshot()];
    const c = client({ fetchSnapshot: async () => answers.shift() ?? null });
    const seen: GrantChange[] = [];
    const off = c.subscribe((x) => seen.push(x));
    const s0 = c.getSnapshot();
    expect(c.getSnapshot()).toBe(s0);
    await c.refresh();
    const s1 = c.getSnapshot();
    expect(s1).not.toBe(s0);
    expect(Object.isFrozen(s1) || s1 === c.getSnapshot()).toBe(true);
    expect(seen.at(-1)).toEqual({ revision: s1.revision, status: 'ready', types: 'all' });
    const count = seen.length;
    await c.refresh(); // nothing changed: no notification, same state
    expect(c.getSnapshot()).toBe(s1);
    expect(seen.length).toBe(count);
    off();
    c.signOut();
    expect(seen.length).toBe(count);
  });
});

describe('event stream parsing', () => {
  it('handles split chunks, CRLF and CR line ends, comments, multi-line data, and resumes with Last-Event-ID', async () => {
    const enc = new TextEncoder();
    const streams: string[][] = [
      [
        'retry: 1000\r\n: conn',
        'ected\r\n\r\nid: 7\r\nevent: rev',
        'ision\r\ndata: {"revi',
        'sion":7}\r\n\r\n',
      ],
      [': hb\n\n', 'id: 9\nevent: revision\ndata: {"revision":\ndata: 9}\n\n'],
      // CR line ends; an event without data still moves the last event id
      ['id: 10\r\rid: 11\rdata: {"revision":11}\r', '\r'],
    ];
    const lastIds: (string | null)[] = [];
    let grants = 0;
    const fetchImpl: typeof fetch = async (input, init) => {
      const url = String(input);
      if (url.endsWith('/grants/stream')) {
        lastIds.push(new Headers(init?.headers).get('last-event-id'));
        const chunks = streams.shift();
        if (!chunks) return new Promise(() => {});
        return new Response(
          new ReadableStream({
            async start(controller) {
              for (const chunk of chunks) {
                controller.enqueue(enc.encode(chunk));
                await new Promise((r) => setTimeout(r, 5));
              }
              controller.close(); // the server goes away: reconnect
            },
          }),
          { headers: { 'content-type': 'text/event-stream' } },
        );
      }
      grants++;
      return Response.json({ ...snapshot(), revision: grants === 1 ? 1 : grants * 3 });
    };
    const c = client({ baseUrl: 'http://grants.invalid', fetch: fetchImpl });
    await until(() => lastIds.length >= 4, 10_000, 'three reconnects');
    expect(lastIds).toEqual([null, '7', '9', '11']);
    await until(() => (c.getSnapshot().revision ?? 0) >= 11, 2_000, 'revision 11');
  });

  it('backoff: full jitter within 0.5 s · 2ⁿ, capped at 30 s', () => {
    for (let n = 0; n < 12; n++) {
      const d = backoff(n);
      expect(d).toBeGreaterThanOrEqual(0);
      expect(d).toBeLessThanOrEqual(Math.min(30_000, 500 * 2 ** n));
    }
  });
});
