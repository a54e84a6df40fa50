/**
 * A separate Node process on a PGlite data directory, for the lock tests (finding 7):
 * `node --conditions=@grantkit/source --import tsx pglite-process.ts <dataDir> [ops]`.
 * Prints one JSON line: `{ "opened": true, "pid" }` once the storage is open (then appends
 * `ops` ops to tenant "t", printing `{ "acked": revision }` after each commit, and waits to
 * be killed or for stdin to close), or `{ "opened": false, "name", "message", "owner" }`
 * and exits 1 when opening fails.
 */
import { createPGliteStorage } from '../storage/pglite.ts';

const [dataDir, count] = process.argv.slice(2);
const say = (v: unknown) => process.stdout.write(`${JSON.stringify(v)}\n`);
try {
  const storage = await createPGliteStorage({ dataDir: dataDir! });
  say({ opened: true, pid: process.pid });
  await storage.ensureTenant('t', { users: [{ id: 'sam', superAdmin: true }] });
  for (let i = 0; i < Number(count ?? 0); i++) {
    const revision = await storage.withTenantLock('t', (tx) =>
      tx.append({ actor: 'sam', op: 'noop', args: { i }, at: Date.now(), audit: [] }),
    );
    say({ acked: revision });
  }
  process.stdin.resume();
  process.stdin.on('end', async () => {
    await storage.close();
    process.exit(0);
  });
} catch (error) {
  const e = error as Error & { owner?: unknown };
  say({ opened: false, name: e.name, message: e.message, owner: e.owner });
  process.exit(1);
}
