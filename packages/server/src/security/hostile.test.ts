/**
 * The hostile-input suite (issue 10): ≥ 20,000 generated requests against the real HTTP
 * server (PGlite, 127.0.0.1), every op and query endpoint. No answer ≥ 500, every refused
 * op answered as core's own parse says (one definition), nothing refused moved the
 * revision, and afterwards the tenant answers every read view and accepts a valid op.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, auth, startApp } from '../__fixtures__/world.ts';
import { createPGliteStorage } from '../storage/pglite.ts';
import type { Storage } from '../storage/types.ts';
import { hostileRequests } from './__fixtures__/hostile.ts';
import { sendHostile } from './__fixtures__/send.ts';

const SEED = 0x10_2026;
const COUNT = 20_000;

let storage: Storage;
let srv: Awaited<ReturnType<typeof startApp>>;
const logged: unknown[] = [];
beforeAll(async () => {
  storage = await createPGliteStorage();
  srv = await startApp(storage, { onError: (error) => logged.push(error) });
});
afterAll(async () => {
  await srv.close();
  await storage.close();
});

const revision = async () =>
  Number((await as(srv.url, 'sam').get('/grants')).headers.get('etag')?.replaceAll('"', ''));

const READ_VIEWS = [
  '/grants',
  '/world/users',
  '/world/groups',
  '/world/bundles',
  '/world/recordTypes',
  '/world/resources?type=asset',
  '/world/resources?type=dashboard',
  '/audit?type=dashboard&id=d1',
  '/audit/all?limit=10',
];

describe('hostile input against the real server', () => {
  it(`answers ${COUNT} generated hostile requests without a 5xx, as core's one definition says, changing nothing it refused`, async () => {
    const before = await revision();
    const tokens = new Map<string, string>();
    const report = await sendHostile(srv.url, hostileRequests(SEED, COUNT), {
      concurrency: 8,
      token: (tenant, user) => {
        const key = `${tenant}/${user}`;
        let t = tokens.get(key);
        if (t === undefined) {
          t = auth.sign({ tenant, userId: user });
          tokens.set(key, t);
        }
        return t;
      },
    });
    const line = `hostile: ${report.requests} requests, ${report.status4xx} 4xx, ${report.status5xx} 5xx`;
    console.log(line);
    // The test command's summary prints every `.reports/*.summary.txt` line.
    mkdirSync('.reports', { recursive: true });
    writeFileSync('.reports/hostile.summary.txt', `${line}\n`);
    console.log(
      `hostile: ${report.status2xx} 2xx (${report.accepted} ops applied) in ${(report.ms / 1000).toFixed(1)} s`,
    );
    expect(report.requests).toBeGreaterThanOrEqual(20_000);
    expect(report.failures).toEqual([]);
    expect(report.status5xx).toBe(0);
    expect(report.mismatches).toEqual([]);
    expect(report.withoutRequestId).toBe(0);
    expect(logged).toEqual([]);
    // Only the ops answered 200 with an audit moved the revision, one each.
    expect(await revision()).toBe(before + report.accepted);

    // The super admin reads every view; others get their scoped view or a 403, never a 5xx.
    for (const user of ['sam', 'ann', 'eve'])
      for (const view of READ_VIEWS) {
        const res = await as(srv.url, user).get(view);
        await res.arrayBuffer();
        const allowed = user === 'sam' ? [200] : [200, 403];
        expect({ user, view, ok: allowed.includes(res.status) }).toEqual({ user, view, ok: true });
      }
    const rev = await revision();
    const ok = await as(srv.url, 'sam').op('setUser', {
      id: 'after-hostile',
      attributes: { n: 1 },
    });
    expect(ok.status).toBe(200);
    expect((await ok.json()).revision).toBe(rev + 1);
  }, 300_000);
});
