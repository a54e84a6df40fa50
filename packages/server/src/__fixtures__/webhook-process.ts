/**
 * A grants server in its own Node process on a PGlite data directory, for the kill -9 webhook
 * test (MODEL W6): `node --conditions=@grantkit/source --import tsx webhook-process.ts <dataDir>`.
 * Prints one JSON line `{ "url", "pid" }` once it listens on 127.0.0.1, then serves until
 * killed. Webhook timing is short (poll 30 ms, backoff 20–200 ms, lease 2 s) so a restart
 * takes over a dead process's delivery within seconds.
 */
import { createPGliteStorage } from '../storage/pglite.ts';
import { startApp } from './world.ts';

const [dataDir] = process.argv.slice(2);
const storage = await createPGliteStorage({ dataDir: dataDir! });
const srv = await startApp(storage, {
  webhooks: { pollMs: 30, backoffMs: 20, maxBackoffMs: 200, leaseMs: 2000, timeoutMs: 1000 },
});
process.stdout.write(`${JSON.stringify({ url: srv.url, pid: process.pid })}\n`);
process.stdin.resume();
process.stdin.on('end', async () => {
  await srv.close();
  await storage.close();
  process.exit(0);
});
