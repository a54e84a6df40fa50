/**
 * Security figures (issue 10): the hostile-input suite's generated requests (every op
 * and query endpoint: deep nesting, huge strings and arrays, NUL and lone surrogates,
 * prototype keys, wrong types, `1e400`, `-0`, bad JSON) sent over HTTP on 127.0.0.1 to
 * the real server on PGlite (in memory), 8 in flight.
 * `security.hostile.requests` (target ≥ 20,000) and `security.hostile.5xx` (target 0).
 */
import { auth, startApp } from '../packages/server/src/__fixtures__/world.ts';
import { hostileRequests } from '../packages/server/src/security/__fixtures__/hostile.ts';
import { sendHostile } from '../packages/server/src/security/__fixtures__/send.ts';
import { createPGliteStorage } from '../packages/server/src/storage/pglite.ts';
import type { Harness } from './harness.ts';

const SEED = 0x10_2026;
const COUNT = 20_000;

export default async function securityBench(h: Harness): Promise<void> {
  const storage = await createPGliteStorage();
  const errors: unknown[] = [];
  const srv = await startApp(storage, { onError: (e) => errors.push(e) });
  try {
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
    h.figure('security.hostile.requests', report.requests, 'req', '≥ 20000');
    h.figure('security.hostile.4xx', report.status4xx, 'req');
    h.figure('security.hostile.5xx', report.status5xx, 'req', '0');
    h.figure('security.hostile.rps', report.requests / (report.ms / 1000), 'req/s');
    if (report.failures.length > 0 || errors.length > 0)
      console.error('\nhostile: answers ≥ 500 or logged errors', report.failures, errors);
  } finally {
    await srv.close();
    await storage.close();
  }
}
