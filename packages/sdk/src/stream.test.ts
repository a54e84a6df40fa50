/**
 * The push stream against the real grants server on 127.0.0.1 (through the fault proxy):
 * revision events, heartbeats, reconnecting after a drop, `auth` for a refused token,
 * and nothing left open after close.
 */
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { type FaultProxy, startProxy } from './__fixtures__/proxy.ts';
import { connect } from './__fixtures__/server.ts';
import { until } from './__fixtures__/util.ts';
import type { GrantkitClientError } from './errors.ts';
import { openStream, type Stream } from './stream.ts';

const server = connect(inject('grants').url, inject('grants').secret);
let proxy: FaultProxy;
const streams: Stream[] = [];
beforeAll(async () => {
  proxy = await startProxy(server.url);
});
afterEach(async () => {
  for (const s of streams.splice(0)) s.shut();
  proxy.rule = undefined;
  await until(() => proxy.openStreams() === 0, 5_000, 'streams to close');
});
afterAll(() => proxy.close());

/** A stream for `kim` (or `token`) that records what it hears. */
function listen(token = () => server.token('kim')) {
  const heard = {
    opens: 0,
    beats: 0,
    revisions: [] as number[],
    downs: [] as GrantkitClientError[],
  };
  const stream = openStream({
    url: `${proxy.url}/grants/stream`,
    fetcher: fetch,
    headersFor: async () => ({ authorization: `Bearer ${token()}` }),
    onOpen: () => heard.opens++,
    onBeat: () => heard.beats++,
    onRevision: (r) => heard.revisions.push(r),
    onDown: (e) => heard.downs.push(e),
  });
  streams.push(stream);
  return { heard, stream };
}

describe('openStream', () => {
  it('announces the revision on connecting and after a change of the user; heartbeats keep coming', async () => {
    const { heard } = listen();
    await until(() => heard.opens === 1 && heard.revisions.length > 0, 5_000, 'the first revision');
    const { revision } = await server.op('admin', 'addToBundle', {
      bundle: 'reporters',
      user: 'kim',
    });
    await server.op('admin', 'removeFromBundle', { bundle: 'reporters', user: 'kim' });
    await until(() => heard.revisions.includes(revision), 5_000, 'the announced change');
    const beats = heard.beats;
    await until(() => heard.beats > beats + 1, 5_000, 'heartbeats'); // the test server beats every 250 ms
  });

  it('reconnects after a drop (resuming with Last-Event-ID) and after kick()', async () => {
    const { heard, stream } = listen();
    await until(() => heard.opens === 1 && proxy.openStreams() === 1, 5_000, 'open');
    proxy.dropStreams();
    await until(() => heard.downs.length === 1, 5_000, 'down');
    expect(heard.downs[0]!.code).toBe('network');
    await until(() => heard.opens === 2, 5_000, 'the reconnect');
    stream.kick();
    await until(() => heard.opens === 3 && proxy.openStreams() === 1, 5_000, 'kicked');
  });

  it('a refused token is an `auth` error', async () => {
    const { heard } = listen(() => 'not a token');
    await until(() => heard.downs.length > 0, 5_000, 'refused');
    expect(heard.downs[0]).toMatchObject({ code: 'auth', status: 401 });
    expect(heard.opens).toBe(0);
  });

  it('shut() ends the connection and every timer: nothing is heard after it', async () => {
    const { heard, stream } = listen();
    await until(() => proxy.openStreams() === 1, 5_000, 'open');
    stream.shut();
    await until(() => proxy.openStreams() === 0, 5_000, 'closed');
    const beats = heard.beats;
    await server.op('admin', 'addToBundle', { bundle: 'reporters', user: 'kim' });
    await server.op('admin', 'removeFromBundle', { bundle: 'reporters', user: 'kim' });
    expect(heard.beats).toBe(beats);
    expect(heard.downs).toEqual([]);
  });
});
