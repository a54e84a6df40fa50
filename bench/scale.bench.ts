/**
 * Many tenants on one instance (issue 15). A PGlite data directory is seeded through SQL
 * directly (bulk inserts of checkpoints: the op path is not what is measured) with 1,000
 * tenants of 2,000 assets each and one of 5,000 assets. A child process then serves them
 * with `tenants: { maxMemoryBytes: 256 MiB }`: GET /grants for every tenant, then requests
 * at random over all of them (each with a share op now and then), in-process through
 * `app.fetch`.
 * `server.tenants.1000.rss_mb`: the child's RSS right after serving (no forced GC), run as
 * built JavaScript with {@link BUDGET_FLAGS} and {@link MALLOC_ENV}, settings Node and glibc
 * document (server README, scaling); `peak_rss_mb` its highest. RSS by parts:
 * `node_mb` (Node with the server loaded, before storage), `pglite_mb` (what opening PGlite
 * added), and after serving `v8_heap_mb` (V8's resident heap pages: live tenants and
 * garbage), `heap_mb` (the live heap, after a GC once RSS is read; `gc_ms` that GC's pause),
 * `wasm_memory_mb` (PGlite's WebAssembly memory), `files_mb` (mapped files: node itself);
 * the rest is malloc (compilers, buffers) and code. The `liftoff_only.*` figures: the same
 * load with V8's testing flag `--liftoff-only` added ({@link LIFTOFF_FLAGS}), for
 * comparison; `node_defaults.*`: on Node's defaults.
 * `server.tenant.cold_load.ms`: loading the 5,000-asset tenant from its checkpoint (storage
 * read, world build, registry entry), median (and best) of 7 loads.
 * Run as `GRANTKIT_BENCH_SCALE_CHILD=<dataDir>` it is the child.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Harness } from './harness.ts';

const TENANTS = 1000;
const ASSETS = 2000;
const BIG_ASSETS = 5000;
const BUDGET = 256 * 2 ** 20;
/**
 * PGlite's `postgresql.conf` for an instance serving many tenants (server README, scaling):
 * 4 MB of shared buffers. Every page read stays resident in its WebAssembly memory, which
 * never shrinks: 16 MB left ~31 MB of it resident after serving, 4 MB ~19 MB; the
 * checkpoints of a thousand tenants never fit anyway (the file system cache keeps them).
 */
const PGLITE_CONF = ['shared_buffers = 4MB'];
/** Distinct worlds, cycled over the tenants (generating 1,000 would dominate the seeding). */
const SHAPES = 10;
const RANDOM_REQUESTS = 1000;
const SECRET = 'bench-secret-0123456789abcdef';

const tenantWorld = (seed: number, assets: number) =>
  import('./worlds.ts').then(({ makeWorld }) => {
    const w = makeWorld({
      users: assets / 10,
      bundles: assets / 200,
      assets,
      folders: assets / 10,
      seed,
    });
    return { ...w, users: [...(w.users ?? []), { id: 'admin', superAdmin: true }] };
  });

/** Creates the schema through the storage, then bulk-inserts every tenant and checkpoint. */
export async function seed(dataDir: string): Promise<number> {
  const { createPGliteStorage } = await import('@grantkit/server');
  // The server's own PGlite (the bench workspace does not depend on it directly).
  const server = createRequire(new URL('../packages/server/package.json', import.meta.url));
  const { PGlite } = (await import(
    pathToFileURL(server.resolve('@electric-sql/pglite')).href
  )) as typeof import('@electric-sql/pglite');
  const started = performance.now();
  await (await createPGliteStorage({ dataDir })).close(); // migrations
  const db = new PGlite(dataDir);
  await db.waitReady;
  const now = Date.now();
  await db.transaction(async (tx) => {
    await tx.query(
      `insert into grantkit_tenants (id, revision, created_at)
       select 't' || i, 0, $2 from generate_series(0, $1 - 1) i`,
      [TENANTS, now],
    );
    for (let shape = 0; shape < SHAPES; shape++)
      await tx.query(
        `insert into grantkit_checkpoints (tenant, revision, world, at)
         select 't' || i, 0, $3::text::jsonb, $4 from generate_series(0, $1 - 1) i where i % $2 = $5`,
        [TENANTS, SHAPES, JSON.stringify(await tenantWorld(shape + 1, ASSETS)), now, shape],
      );
    await tx.query(
      `insert into grantkit_tenants (id, revision, created_at) values ('big', 0, $1)`,
      [now],
    );
    await tx.query(
      `insert into grantkit_checkpoints (tenant, revision, world, at) values ('big', 0, $1::text::jsonb, $2)`,
      [JSON.stringify(await tenantWorld(99, BIG_ASSETS)), now],
    );
  });
  await db.close();
  return performance.now() - started;
}

/**
 * Resident bytes of this process by kind of mapping (Linux `/proc/self/smaps`): `wasmMemory`
 * (WebAssembly linear memory: PGlite's, 128 MiB or more in one mapping), `code` (executable anonymous
 * mappings: JIT and WebAssembly code), `files` (mapped files: node, libraries), `anon` (the
 * rest: V8's heap pages, malloc, stacks). Empty where smaps cannot be read.
 */
function rssParts(): Record<string, number> {
  const parts: Record<string, number> = { wasmMemory: 0, code: 0, files: 0, anon: 0 };
  let text: string;
  try {
    text = readFileSync('/proc/self/smaps', 'utf8');
  } catch {
    return {};
  }
  let kind = 'anon';
  for (const line of text.split('\n')) {
    const head = /^([0-9a-f]+)-([0-9a-f]+) (\S+) \S+ \S+ (\d+)\s*(.*)$/.exec(line);
    if (head) {
      const size = Number.parseInt(head[2]!, 16) - Number.parseInt(head[1]!, 16);
      const [, , , perms, inode, name] = head;
      kind =
        inode !== '0' || name!.startsWith('/')
          ? 'files'
          : size >= 128 * 2 ** 20 && perms === 'rw-p'
            ? 'wasmMemory'
            : perms!.includes('x')
              ? 'code'
              : 'anon';
      continue;
    }
    const rss = /^Rss:\s+(\d+) kB/.exec(line);
    if (rss) parts[kind]! += Number(rss[1]) * 1024;
  }
  return parts;
}

async function child(dataDir: string): Promise<void> {
  const { loadSchema } = await import('@grantkit/core');
  const { createGrantsApp, createHmacAuth, createPGliteStorage } = await import('@grantkit/server');
  const { TenantRegistry } = await import('../packages/server/src/tenants/registry.ts');
  const { benchSchema, rng } = await import('./worlds.ts');
  const schema = loadSchema(benchSchema.def);
  const rssBeforeStorage = process.memoryUsage().rss;
  const partsAtStart = rssParts();
  const heapAtStart = process.memoryUsage().heapUsed;
  // PGlite's default 128 MB of shared buffers would fill with checkpoint pages and stay resident.
  const storage = await createPGliteStorage({ dataDir, postgresqlConf: PGLITE_CONF });
  const pgliteRss = process.memoryUsage().rss - rssBeforeStorage;
  const partsWithPglite = rssParts();
  const heapWithPglite = process.memoryUsage().heapUsed;
  const auth = createHmacAuth({ secret: SECRET, ttlSeconds: 3600 });
  let evictions = 0;
  const app = createGrantsApp({
    storage,
    schema,
    authenticate: auth.authenticate,
    onError: (e) => console.error(e),
    tenants: { maxMemoryBytes: BUDGET, onEvict: () => evictions++ },
  });
  const r = rng(11);
  const request = async (tenant: string, op: boolean) => {
    const user = op ? 'admin' : `u${Math.floor(r() * (ASSETS / 10))}`;
    const authorization = `Bearer ${auth.sign({ tenant, userId: user })}`;
    const res = await app.fetch(
      op
        ? new Request('http://local/ops/share', {
            method: 'POST',
            headers: { authorization, 'content-type': 'application/json' },
            body: JSON.stringify({
              asset: `d${Math.floor(r() * ASSETS)}`,
              user: `u${Math.floor(r() * (ASSETS / 10))}`,
              level: 'view',
            }),
          })
        : new Request('http://local/grants', { headers: { authorization } }),
    );
    if (res.status !== 200) throw new Error(`${tenant}: ${res.status} ${await res.text()}`);
    await res.arrayBuffer();
  };
  const started = performance.now();
  // Every tenant once, four requests in flight at a time, then requests at random.
  const queue = Array.from({ length: TENANTS }, (_, i) => `t${i}`);
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      for (let t = queue.shift(); t !== undefined; t = queue.shift()) await request(t, false);
    }),
  );
  for (let i = 0; i < RANDOM_REQUESTS; i++)
    await request(`t${Math.floor(r() * TENANTS)}`, i % 20 === 0);
  const servedMs = performance.now() - started;
  // The process as it is after serving (no forced GC: RSS is what the server holds).
  const { rss } = process.memoryUsage();
  const peakRss = process.resourceUsage().maxRSS * 1024;
  const parts = rssParts();
  const heap = process.memoryUsage();
  const { getHeapSpaceStatistics } = await import('node:v8');
  const spaces = Object.fromEntries(
    getHeapSpaceStatistics().map((s) => [s.space_name, s.physical_space_size]),
  );
  const v8Heap = Object.values(spaces).reduce((sum, bytes) => sum + bytes, 0);
  // The live heap: what survives a full GC (tenants in memory, caches, code); and what such
  // a GC costs the thread (a server forcing one after evictions would pay it).
  const gcStarted = performance.now();
  globalThis.gc?.();
  const gcMs = performance.now() - gcStarted;
  const { heapUsed } = process.memoryUsage();

  // Cold load of the 5,000-asset tenant: a fresh registry each time, so nothing is cached.
  const loads: number[] = [];
  for (let i = 0; i < 7; i++) {
    const registry = new TenantRegistry({
      storage,
      schema,
      checkpointEvery: 1000,
      maxStale: 3600,
      heartbeatMs: 15_000,
    });
    await registry.get('t0'); // subscribes (LISTEN) outside the measurement
    const t = performance.now();
    const tenant = await registry.get('big');
    loads.push(performance.now() - t);
    if (tenant === null) throw new Error('big tenant missing');
    await registry.close();
  }
  loads.sort((a, b) => a - b);
  process.stdout.write(
    `RESULT ${JSON.stringify({
      rss,
      peakRss,
      parts,
      partsAtStart,
      partsWithPglite,
      rssAtStart: rssBeforeStorage,
      heapAtStart,
      heapWithPglite,
      heapTotal: heap.heapTotal,
      heapUsedBeforeGc: heap.heapUsed,
      external: heap.external,
      arrayBuffers: heap.arrayBuffers,
      spaces,
      v8Heap,
      wasmMemory: parts.wasmMemory,
      files: parts.files,
      gcMs,
      pgliteRss,
      heapUsed,
      servedMs,
      requests: TENANTS + RANDOM_REQUESTS,
      evictions,
      coldMedian: loads[Math.floor(loads.length / 2)],
      coldBest: loads[0],
    })}\n`,
  );
  await app.close();
  await storage.close();
}

/** The part of esbuild's API used here (esbuild comes with tsx; the root does not list it). */
interface ResolveArgs {
  path: string;
  kind: string;
  resolveDir: string;
  importer: string;
  pluginData?: unknown;
}
interface PluginBuild {
  onResolve(
    options: { filter: RegExp },
    callback: (args: ResolveArgs) => Promise<{ path: string; external: boolean } | undefined>,
  ): void;
  resolve(
    path: string,
    options: Omit<ResolveArgs, 'path'>,
  ): Promise<{ path: string; errors: unknown[] }>;
}
interface Esbuild {
  build(options: {
    [option: string]: unknown;
    plugins: { name: string; setup(build: PluginBuild): void }[];
  }): Promise<unknown>;
}

/**
 * The child as a server runs in production: built JavaScript (this file and the workspace
 * packages bundled from source by esbuild, dependencies imported from node_modules), not
 * through the TypeScript loader, whose transformed sources would stay resident.
 */
export async function bundleChild(outDir: string): Promise<string> {
  const tsx = createRequire(import.meta.url).resolve('tsx/package.json');
  const esbuild = createRequire(tsx)('esbuild') as Esbuild;
  const outfile = join(outDir, 'scale-child.mjs');
  await esbuild.build({
    entryPoints: [fileURLToPath(import.meta.url)],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    conditions: ['@grantkit/source'],
    logLevel: 'error',
    plugins: [
      {
        name: 'dependencies-external',
        setup(build) {
          // Bare imports other than the workspace's: resolved here, imported from node_modules.
          build.onResolve({ filter: /^[^./]/ }, async (args) => {
            if (args.path.startsWith('@grantkit/') || args.pluginData === 'inner') return;
            if (args.path.startsWith('node:')) return { path: args.path, external: true };
            const found = await build.resolve(args.path, {
              kind: args.kind,
              resolveDir: args.resolveDir,
              importer: args.importer,
              pluginData: 'inner',
            });
            return found.errors.length > 0 ? undefined : { path: found.path, external: true };
          });
        },
      },
    ],
  });
  return outfile;
}

/**
 * Node's flags for an instance on a memory budget, as Node documents them (server README,
 * scaling): a V8 heap limit of the tenant budget plus 32 MiB (by default V8 lets garbage
 * grow the heap to ~4× the live size before collecting it all; the live heap is the
 * tenants, ~0.85 of their estimate, plus ~20 MB, and V8 needs room above it: with the
 * budget plus 16 MiB the child ran out of heap), and young-generation semi-spaces of 2 MiB
 * instead of 16 (the young generation is three of them, all resident once used).
 */
export const BUDGET_FLAGS = [
  `--max-old-space-size=${BUDGET / 2 ** 20 + 32}`,
  '--max-semi-space-size=2',
];
/**
 * glibc's malloc thresholds fixed at their defaults (mallopt(3)): by default each large
 * block freed raises them, up to 32 MiB and 64 MiB, so what V8's optimising compiler freed
 * after compiling PGlite's hottest WebAssembly functions stays resident (40–80 MB).
 */
export const MALLOC_ENV = { MALLOC_TRIM_THRESHOLD_: '131072', MALLOC_MMAP_THRESHOLD_: '131072' };
/**
 * {@link BUDGET_FLAGS} and PGlite's WebAssembly compiled by V8's baseline compiler only
 * (`--liftoff-only`: a V8 flag Node does not document and V8 calls one for testing), for
 * comparison only: the figure uses documented settings alone (353–377 MB over 12 runs;
 * 334–347 MB with this flag as well).
 */
export const LIFTOFF_FLAGS = [...BUDGET_FLAGS, '--liftoff-only'];

export async function runChild(
  dataDir: string,
  child: string,
  flags: readonly string[],
  env: Readonly<Record<string, string>> = {},
): Promise<Record<string, number>> {
  const proc = spawn(process.execPath, ['--expose-gc', ...flags, child], {
    env: { ...process.env, ...env, GRANTKIT_BENCH_SCALE_CHILD: dataDir },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    proc.stdout.on('data', (chunk: Buffer) => {
      out += chunk;
    });
    proc.once('exit', (code) => {
      const m = /RESULT (.+)/.exec(out);
      if (code === 0 && m?.[1]) resolve(JSON.parse(m[1]));
      else reject(new Error(`scale child exited with ${code}:\n${out}`));
    });
  });
}

export default async function scaleBench(h: Harness): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'grantkit-scale-'));
  const dataDir = join(work, 'data');
  try {
    const seedMs = await seed(dataDir);
    const child = await bundleChild(work);
    const r = await runChild(dataDir, child, BUDGET_FLAGS, MALLOC_ENV);
    // The same load with V8's testing flag `--liftoff-only` added, and on Node's defaults (no
    // heap limit, both WebAssembly tiers, glibc's sliding thresholds), for comparison.
    const liftoff = await runChild(dataDir, child, LIFTOFF_FLAGS, MALLOC_ENV);
    const plain = await runChild(dataDir, child, []);
    const mb = (bytes: number | undefined) => bytes! / 2 ** 20;
    h.figure('server.tenants.1000.rss_mb', mb(r.rss), 'MB', '≤ 400');
    h.figure('server.tenants.1000.peak_rss_mb', mb(r.peakRss), 'MB');
    // RSS by parts: Node with the server loaded, what opening PGlite added, then after serving
    // V8's heap pages (live + garbage), PGlite's WebAssembly memory, mapped files.
    h.figure('server.tenants.1000.node_mb', mb(r.rssAtStart), 'MB');
    h.figure('server.tenants.1000.pglite_mb', mb(r.pgliteRss), 'MB');
    h.figure('server.tenants.1000.v8_heap_mb', mb(r.v8Heap), 'MB');
    h.figure('server.tenants.1000.heap_mb', mb(r.heapUsed), 'MB');
    h.figure('server.tenants.1000.wasm_memory_mb', mb(r.wasmMemory), 'MB');
    h.figure('server.tenants.1000.files_mb', mb(r.files), 'MB');
    h.figure('server.tenants.1000.gc_ms', r.gcMs!, 'ms');
    h.figure('server.tenants.1000.liftoff_only.rss_mb', mb(liftoff.rss), 'MB');
    h.figure('server.tenants.1000.liftoff_only.peak_rss_mb', mb(liftoff.peakRss), 'MB');
    h.figure('server.tenants.1000.node_defaults.rss_mb', mb(plain.rss), 'MB');
    h.figure('server.tenants.1000.node_defaults.peak_rss_mb', mb(plain.peakRss), 'MB');
    h.figure('server.tenants.1000.node_defaults.pglite_mb', mb(plain.pgliteRss), 'MB');
    h.figure('server.tenants.1000.req_per_s', (r.requests! / r.servedMs!) * 1000, 'req/s');
    h.figure('server.tenants.1000.evictions', r.evictions!, '');
    h.figure('server.tenants.1000.seed_s', seedMs / 1000, 's');
    h.figure('server.tenant.cold_load.ms', r.coldMedian!, 'ms', '≤ 100');
    h.figure('server.tenant.cold_load.best_ms', r.coldBest!, 'ms');
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

const childDir = process.env.GRANTKIT_BENCH_SCALE_CHILD;
if (childDir) await child(childDir);
