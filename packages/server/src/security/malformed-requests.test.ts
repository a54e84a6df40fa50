/**
 * Every route against malformed and oversized query strings and headers (repeated
 * parameters, huge and negative numbers, NaN, made-up cursors, unicode ids, If-None-Match
 * lists, Last-Event-ID garbage), as a signed-in user and as nobody, while the memory
 * budget keeps evicting tenants: never a 5xx, never a hang, every refusal a bounded JSON
 * error naming what is wrong. Real PGlite, HTTP on 127.0.0.1.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, auth, startApp } from '../__fixtures__/world.ts';
import { createPGliteStorage } from '../storage/pglite.ts';
import type { Storage } from '../storage/types.ts';

let storage: Storage;
let srv: Awaited<ReturnType<typeof startApp>>;
beforeAll(async () => {
  storage = await createPGliteStorage();
  srv = await startApp(storage, { tenants: { maxMemoryBytes: 0 } });
});
afterAll(async () => {
  await srv?.close();
  await storage?.close();
});

const PATHS = [
  '/grants',
  '/grants/stream',
  '/notifications/stream',
  '/activity',
  '/notifications',
  '/watches',
  '/lifecycle',
  '/world/users',
  '/world/resources',
  '/world/directGrants',
  '/audit',
  '/audit/all',
  '/webhooks',
];
const cursor = (value: string) => `?cursor=${Buffer.from(value).toString('base64url')}`;
const QUERIES = [
  '?since=-1',
  '?since=NaN',
  '?since=1e400',
  `?since=${'9'.repeat(40)}`,
  '?since=1&since=2',
  '?limit=-1',
  '?limit=NaN',
  '?limit=1e309',
  '?limit=0x10',
  '?limit=5&limit=500',
  '?cursor=-1',
  '?cursor=%FF%FE',
  cursor('{"acme":-5}'),
  cursor('{"acme":1e400}'),
  cursor('{"acme":1.5}'),
  cursor('{"acme":"x"}'),
  cursor('{"__proto__":{"x":1}}'),
  cursor('[1,2]'),
  cursor('{"other-tenant":5}'),
  '?viewAs=%F0%9F%98%80',
  '?viewAs=sam&viewAs=ann',
  '?type=dashboard&id=%F0%9F%98%80',
  '?type=__proto__&id=constructor',
  '?type=toString&state=valueOf',
  '?scope=all&scope=tenant',
  '?scope=everything',
  '?since=-2020-01-01',
  '?resource=:',
  '?lastEventId=abc',
  `?lastEventId=${'9'.repeat(15)}`,
  `?${'a=1&'.repeat(40)}`,
  '?%ZZ=1&b=%ZZ',
  `?type=${'x'.repeat(2000)}`,
  '?id=a%00b',
  '?id=%ED%A0%80',
];
const HEADERS: Record<string, string>[] = [
  { 'if-none-match': `"${'9'.repeat(400)}"` },
  { 'if-none-match': Array.from({ length: 2000 }, (_, i) => `"${i}"`).join(',') },
  { 'if-none-match': 'W/"0", "-1", garbage, *x' },
  { 'last-event-id': 'garbage' },
  { 'last-event-id': '-1' },
  { 'last-event-id': '1'.repeat(16) },
  { 'x-request-id': 'x'.repeat(500) },
];

/** The answer's status, and its body unless it is an event stream (which is let go). */
async function ask(path: string, headers: Record<string, string>) {
  const ctrl = new AbortController();
  // A hang guard, not a timing: a stream answers its headers at once, anything else ends.
  const guard = setTimeout(() => ctrl.abort(), 20_000);
  try {
    const res = await fetch(`${srv.url}${path}`, { headers, signal: ctrl.signal });
    const stream = res.headers.get('content-type')?.includes('text/event-stream') === true;
    const body = stream ? '' : await res.text();
    return { path, status: res.status, body, stream };
  } finally {
    clearTimeout(guard);
    ctrl.abort();
  }
}

describe('malformed requests (server probes)', () => {
  it('no route answers 5xx or hangs on malformed query strings; refusals are bounded JSON errors', async () => {
    const ann = { authorization: `Bearer ${as(srv.url, 'ann').token}` };
    const answers = [];
    for (const path of PATHS)
      for (const query of QUERIES) answers.push(await ask(`${path}${query}`, ann));
    expect(answers.filter((a) => a.status >= 500)).toEqual([]);
    for (const a of answers.filter((x) => x.status >= 400)) {
      expect(a.body.length).toBeLessThan(2048);
      expect(JSON.parse(a.body)).toHaveProperty('error.code');
    }
    // Query-string problems name the parameter.
    const long = answers.find((a) => a.path === `/grants?type=${'x'.repeat(2000)}`)!;
    expect(long.status).toBe(400);
    expect(JSON.parse(long.body).error.field).toBe('type');
  });

  it('no route answers 5xx or hangs on garbage If-None-Match, Last-Event-ID and request ids, signed in or not', async () => {
    const tokens = [
      as(srv.url, 'ann').token,
      as(srv.url, 'nobody').token, // signed in, unknown in the tenant
      auth.sign({ tenant: 'no-such-tenant', userId: 'ann' }),
      'not-a-token',
    ];
    const answers = [];
    for (const token of tokens)
      for (const path of PATHS)
        for (const headers of HEADERS)
          answers.push(await ask(path, { authorization: `Bearer ${token}`, ...headers }));
    for (const path of PATHS) answers.push(await ask(path, {}));
    expect(answers.filter((a) => a.status >= 500)).toEqual([]);
    expect(answers.filter((a) => !a.stream && a.body.length > 64 * 1024)).toEqual([]);
    // Last-Event-ID garbage is refused by name on the grant stream.
    const garbage = answers.find(
      (a) => a.path === '/grants/stream' && a.status === 400 && a.body.includes('lastEventId'),
    );
    expect(garbage).toBeDefined();
  });
});
