#!/usr/bin/env node
// Issue 11, "examples that are tested": builds the four packages, packs them into
// examples/.tarballs (what npm would publish), installs examples/vite-react and
// examples/next-app from those tarballs with npm (outside the pnpm workspace), builds
// them, starts them with their own grants servers (PGlite in a temporary directory,
// 127.0.0.1, free ports), drives them in Debian's Chromium (playwright-core), asserts,
// stops everything and prints `examples: N passed, N failed`.
//
//   node scripts/examples.mjs              everything
//   node scripts/examples.mjs --no-build   skip the package build (dist/ already built)
//   node scripts/examples.mjs --figures    only build, pack and the Vite builds: prints the
//                                          figures as JSON on its last line (bench/host.bench.ts)
//
// Screenshots and figures.json go to examples/artifacts/ (gitignored). The scenario driven in
// the browser is in examples/drive.mjs, the process helpers in examples/processes.mjs.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync, gzipSync } from 'node:zlib';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium.mjs';
import { drive as driveExample } from './examples/drive.mjs';
import {
  env,
  freePort,
  run,
  start,
  stopAll,
  tempDir,
  waitForHttp,
  waitForOutput,
} from './examples/processes.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const examples = join(root, 'examples');
const tarballs = join(examples, '.tarballs');
const artifacts = join(examples, 'artifacts');
const PACKAGES = ['core', 'server', 'sdk', 'react'];
const args = new Set(process.argv.slice(2));
const figuresOnly = args.has('--figures');
const log = figuresOnly ? (...a) => console.error(...a) : (...a) => console.log(...a);

const results = [];
/** Records one assertion (counted in the summary line). */
function check(name, ok, detail = '') {
  results.push({ name, ok });
  log(`${ok ? '  ✓' : '  ✗'} ${name}${!ok && detail ? `\n      ${detail}` : ''}`);
  return ok;
}

/** Times a step and logs it. */
async function step(name, fn) {
  const started = performance.now();
  log(`• ${name}`);
  const value = await fn();
  log(`  (${((performance.now() - started) / 1000).toFixed(1)} s)`);
  return value;
}

// ── 1. build and pack ──
async function pack() {
  if (!args.has('--no-build'))
    await step('build the four packages', () =>
      run('pnpm', ['--filter', './packages/*', 'run', 'build'], { cwd: root }),
    );
  rmSync(tarballs, { recursive: true, force: true });
  mkdirSync(tarballs, { recursive: true });
  await step('pack the four packages', () =>
    Promise.all(
      PACKAGES.map((p) =>
        run('pnpm', ['pack', '--pack-destination', tarballs], { cwd: join(root, 'packages', p) }),
      ),
    ),
  );
  const bytes = {};
  for (const p of PACKAGES) {
    const file = join(tarballs, `grantkit-${p}-0.0.0.tgz`);
    const tgz = readFileSync(file);
    bytes[p] = tgz.length;
    const entries = untar(gunzipSync(tgz));
    const names = [...entries.keys()];
    const maps = names.filter((n) => n.endsWith('.map'));
    const embedded = maps.filter((n) => entries.get(n).includes('"sourcesContent"'));
    check(
      `@grantkit/${p} tarball ships its sources once (src/ and maps without sourcesContent)`,
      embedded.length === 0,
      `maps embedding the sources: ${embedded.join(', ')}`,
    );
    check(
      `@grantkit/${p} tarball has dist/ and no tests or conformance runner`,
      names.some((n) => n.startsWith('package/dist/')) &&
        !names.some((n) => /\/src\/conformance\/|\.test\.tsx?$|__fixtures__/.test(n)),
      names.filter((n) => /conformance|\.test\.|__fixtures__/.test(n)).join(', '),
    );
  }
  return bytes;
}

/** The files of an uncompressed tar archive (ustar; enough for npm tarballs). */
function untar(buf) {
  const files = new Map();
  let at = 0;
  while (at + 512 <= buf.length && buf[at] !== 0) {
    const field = (o, n) =>
      buf
        .subarray(at + o, at + o + n)
        .toString('utf8')
        .replace(/\0.*$/s, '');
    const prefix = field(345, 155);
    const name = prefix ? `${prefix}/${field(0, 100)}` : field(0, 100);
    const size = Number.parseInt(field(124, 12).trim() || '0', 8);
    files.set(name, buf.subarray(at + 512, at + 512 + size).toString('utf8'));
    at += 512 + Math.ceil(size / 512) * 512;
  }
  return files;
}

// ── 2. install from the tarballs (npm, not the workspace) ──
async function install(name) {
  const dir = join(examples, name);
  // the same version number packs new bytes each time: reinstall @grantkit/* from the tarballs
  rmSync(join(dir, 'node_modules', '@grantkit'), { recursive: true, force: true });
  rmSync(join(dir, 'node_modules', '.package-lock.json'), { force: true });
  await step(`npm install ${name} (from the tarballs)`, () =>
    run(
      'npm',
      [
        'install',
        '--no-package-lock',
        '--prefer-offline',
        '--no-audit',
        '--no-fund',
        '--loglevel=error',
      ],
      { cwd: dir },
    ),
  );
  return dir;
}

/** gzip bytes of the JS and CSS a Vite build emitted. */
function gzBytes(distDir) {
  const dir = join(distDir, 'assets');
  return readdirSync(dir)
    .filter((f) => /\.(js|css)$/.test(f))
    .reduce((sum, f) => sum + gzipSync(readFileSync(join(dir, f))).length, 0);
}

async function buildVite(dir) {
  const bin = (b) => join(dir, 'node_modules', '.bin', b);
  let ok = !figuresOnly;
  if (ok)
    try {
      await step('vite-react: tsc (strict)', () =>
        run(bin('tsc'), ['-p', 'tsconfig.json'], { cwd: dir }),
      );
    } catch (e) {
      ok = check('vite-react: types are clean (tsc --strict)', false, e.message);
    }
  if (ok) check('vite-react: types are clean (tsc --strict)', true);
  await step('vite-react: vite build (and the baseline without Grantkit)', async () => {
    await run(bin('vite'), ['build'], { cwd: dir });
    await run(bin('vite'), ['build', '--config', 'vite.size.config.ts'], { cwd: dir });
  });
  check('vite-react: vite build passes', true);
  const withGrantkit = gzBytes(join(dir, 'dist'));
  const baseline = gzBytes(join(dir, 'dist-baseline'));
  return { withGrantkit, baseline, added: withGrantkit - baseline };
}

// ── 3. drive in Chromium (scripts/examples/drive.mjs) ──
async function viteTargets(browser, dir) {
  const grants = start('vite', process.execPath, ['grants-server.mjs'], {
    cwd: dir,
    env: { ...env, GRANTKIT_DATA_DIR: tempDir('vite-data') },
  });
  const [, url] = await waitForOutput(grants, /"grants":"([^"]+)"/, 'the grants server');
  const viteEnv = { ...env, GRANTKIT_URL: url };
  const bin = join(dir, 'node_modules', '.bin', 'vite');
  // the production build (vite preview) and the dev server (StrictMode's double effects run there)
  for (const [label, mode] of [
    ['vite-preview', 'preview'],
    ['vite-dev', 'dev'],
  ]) {
    const port = await freePort();
    const argv =
      mode === 'dev'
        ? ['--port', String(port), '--strictPort']
        : ['preview', '--port', String(port), '--strictPort'];
    const vite = start('vite', bin, argv, { cwd: dir, env: viteEnv });
    const base = `http://127.0.0.1:${port}`;
    await waitForHttp(base, vite, `vite ${mode}`);
    await step(`drive ${label} in Chromium`, () =>
      driveExample(browser, label, base, { check, artifacts }),
    );
  }
}

/**
 * Starts `next start` (label `next-app`) or `next dev` (`next-dev`: development React, where
 * StrictMode runs effects twice and hydration reports attribute mismatches too). Its grants
 * server opens PGlite at boot (instrumentation.ts); the first render is awaited later.
 */
async function startNext(dir, label) {
  const port = await freePort();
  const command = label === 'next-dev' ? 'dev' : 'start';
  const next = start(
    label,
    join(dir, 'node_modules', '.bin', 'next'),
    [command, '-H', '127.0.0.1', '-p', String(port)],
    { cwd: dir, env: { ...env, GRANTKIT_DATA_DIR: tempDir(label) } },
  );
  const base = `http://127.0.0.1:${port}`;
  const started = performance.now();
  const firstRender = waitForHttp(`${base}/?user=bob`, next, `next ${command}`).then(
    async (r) => ({ html: await r.text(), seconds: (performance.now() - started) / 1000 }),
    (error) => ({ error }),
  );
  return { label, base, firstRender };
}

async function nextTarget(browser, { label, base, firstRender }) {
  const { html, error, seconds } = await firstRender;
  if (error) throw error;
  log(`• ${label}: started and rendered the first page in ${seconds.toFixed(1)} s`);
  check(
    `${label}: the server component rendered from the in-process snapshot (Edit greyed in the HTML)`,
    /bob may not edit/.test(html.replaceAll('<!-- -->', '')) &&
      /data-testid="edit-q3" aria-disabled="true"[^>]*data-state="denied"/.test(html),
    html.slice(0, 400),
  );
  await step(`drive ${label} in Chromium`, () =>
    driveExample(browser, label, base, { check, artifacts }),
  );
}

async function main() {
  mkdirSync(artifacts, { recursive: true });
  const started = performance.now();
  const tarballBytes = await pack();
  const viteDir = await install('vite-react');
  const size = await buildVite(viteDir);
  const figures = { tarballBytes, size, seconds: {} };
  if (figuresOnly) {
    writeFileSync(join(artifacts, 'figures.json'), JSON.stringify(figures, null, 2));
    console.log(JSON.stringify(figures));
    return;
  }
  const nextDir = await install('next-app');
  await step('next-app: next build', () =>
    run(join(nextDir, 'node_modules', '.bin', 'next'), ['build'], { cwd: nextDir }),
  )
    .then(() => check('next-app: next build passes (types included)', true))
    .catch((e) => check('next-app: next build passes (types included)', false, e.message));
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [...CHROMIUM_ARGS],
  });
  const nextServer = await startNext(nextDir, 'next-app');
  try {
    for (const [name, target] of [
      ['vite', () => viteTargets(browser, viteDir)],
      ['next-app', () => nextTarget(browser, nextServer)],
      ['next-dev', async () => nextTarget(browser, await startNext(nextDir, 'next-dev'))],
    ]) {
      try {
        await target();
      } catch (e) {
        check(`${name}: the example ran to its end`, false, e.stack ?? String(e));
      } finally {
        await step(`stop the ${name} processes`, () => stopAll(name));
      }
    }
  } finally {
    await browser.close();
  }
  figures.seconds.total = Math.round((performance.now() - started) / 1000);
  writeFileSync(join(artifacts, 'figures.json'), JSON.stringify(figures, null, 2));
  log(
    `tarball bytes: ${PACKAGES.map((p) => `${p} ${tarballBytes[p]}`).join(', ')}; ` +
      `Grantkit adds ${size.added} B gz to the Vite example (${size.baseline} → ${size.withGrantkit})`,
  );
}

try {
  await main();
} catch (e) {
  check('the examples stage ran to its end', false, e.stack ?? String(e));
} finally {
  await stopAll();
}
const failed = results.filter((r) => !r.ok).length;
log(`examples: ${results.length - failed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
