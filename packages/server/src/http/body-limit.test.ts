/**
 * The body limit of `POST /ops/<op>` over 127.0.0.1 with a real PGlite: a body with a length
 * is judged by `Content-Length`, a streamed (chunked) one by counting it; both answer 413
 * `too_large` past the limit and write nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, auth, startApp } from '../__fixtures__/world.ts';
import { createPGliteStorage } from '../storage/pglite.ts';
import type { Storage } from '../storage/types.ts';

const LIMIT = 2048;
let storage: Storage;
let srv: Awaited<ReturnType<typeof startApp>>;
beforeAll(async () => {
  storage = await createPGliteStorage();
  srv = await startApp(storage, { bodyLimitBytes: LIMIT });
});
afterAll(async () => {
  await srv.close();
  await storage.close();
});

const revision = async () =>
  Number((await as(srv.url, 'sam').get('/grants')).headers.get('etag')?.replaceAll('"', ''));

/** An op whose body is streamed in chunks (no `Content-Length`: `Transfer-Encoding: chunked`). */
const streamed = (op: string, text: string) => {
  const bytes = new TextEncoder().encode(text);
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (let i = 0; i < bytes.length; i += 512) controller.enqueue(bytes.slice(i, i + 512));
      controller.close();
    },
  });
  return fetch(`${srv.url}/ops/${op}`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${auth.sign({ tenant: 'acme', userId: 'sam' })}`,
      'content-type': 'application/json',
    },
    body,
    duplex: 'half',
  } as RequestInit);
};

/** `createBundle` args whose JSON is about `size` bytes (the same page grant repeated). */
const bundle = (id: string, size: number) => {
  const grant = { type: 'page', id: 'timeline', actions: ['navigate'] };
  const count = Math.floor((size - 30) / (JSON.stringify(grant).length + 1));
  return { id, grants: Array.from({ length: count }, () => grant) };
};

describe('the body limit of POST /ops', () => {
  it('takes a body up to the limit, with a length or streamed', async () => {
    const small = await as(srv.url, 'sam').op('createBundle', bundle('SMALL', LIMIT - 100));
    expect(small.status).toBe(200);
    const chunked = await streamed('createBundle', JSON.stringify(bundle('CHUNKED', LIMIT - 100)));
    expect(chunked.status).toBe(200);
  });

  it('answers 413 too_large past the limit, with a length or streamed, and writes nothing', async () => {
    const before = await revision();
    const big = await as(srv.url, 'sam').op('createBundle', bundle('BIG', LIMIT + 100));
    expect(big.status).toBe(413);
    expect((await big.json()).error.code).toBe('too_large');
    const chunked = await streamed('createBundle', JSON.stringify(bundle('BIG2', LIMIT + 600)));
    expect(chunked.status).toBe(413);
    expect((await chunked.json()).error.code).toBe('too_large');
    expect(await revision()).toBe(before);
  });
});
