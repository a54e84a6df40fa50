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
// Screenshots and figures.json go to examples/artifacts/ (gitignored).
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync, gzipSync } from 'node:zlib';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const examples = join(root, 'examples');
const tarballs = join(examples, '.tarballs');
const artifacts = join(examples, 'artifacts');
const PACKAGES = ['core', 'server', 'sdk', 'react'];
const args = new Set(process.argv.slice(2));
const figuresOnly = args.has('--figures');
const log = figuresOnly ? (...a) => console.error(...a) : (...a) => console.log(...a);
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1', FORCE_COLOR: '0', CI: '1' };

const results = [];
/** Records one assertion (counted in the summary line). */
function check(name, ok, detail = '') {
  results.push({ name, ok });
  log(`${ok ? '  ✓' : '  ✗'} ${name}${!ok && detail ? `\n      ${detail}` : ''}`);
  return ok;
}

/** Runs a command to completion; rejects with its output when it fails. */
function run(cmd, argv, options = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, argv, { env, stdio: ['ignore', 'pipe', 'pipe'], ...options });
    let out = '';
    child.stdout.on('data', (c) => {
      out += c;
    });
    child.stderr.on('data', (c) => {
      out += c;
    });
    child.on('close', (code) =>
      code === 0
        ? resolve(out)
        : reject(new Error(`${cmd} ${argv.join(' ')} exited ${code}\n${out.slice(-4000)}`)),
    );
  });
}

/** Times a step and logs it. */
async function step(name, fn) {
  const started = performance.now();
  log(`• ${name}`);
  const value = await fn();
  log(`  (${((performance.now() - started) / 1000).toFixed(1)} s)`);
  return value;
}

// ── long-running processes (each in its own process group, stopped at the end) ──
const running = [];
const tempDirs = [];
function start(group, cmd, argv, options) {
  const child = spawn(cmd, argv, {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
    ...options,
  });
  let out = '';
  child.stdout.on('data', (c) => {
    out += c;
  });
  child.stderr.on('data', (c) => {
    out += c;
  });
  const proc = { group, child, output: () => out, exited: false };
  child.on('exit', () => {
    proc.exited = true;
  });
  running.push(proc);
  return proc;
}
/** Stops the processes of `group` (all when none is named) and their process groups. */
async function stopAll(group) {
  const stopping = running.filter((p) => group === undefined || p.group === group);
  running.splice(0, running.length, ...running.filter((p) => !stopping.includes(p)));
  for (const { child, exited } of stopping) {
    if (exited) continue;
    const gone = new Promise((done) => child.once('exit', done));
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {}
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {}
    }, 10_000);
    await gone;
    clearTimeout(timer);
  }
  if (group === undefined)
    for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}
function tempDir(name) {
  const dir = mkdtempSync(join(tmpdir(), `grantkit-${name}-`));
  tempDirs.push(dir);
  return dir;
}
function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}
/** Waits until `proc` printed a line matching `re` (no fixed sleep: the condition, or its exit). */
async function waitForOutput(proc, re, what) {
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    const m = re.exec(proc.output());
    if (m) return m;
    if (proc.exited) throw new Error(`${what} exited:\n${proc.output().slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${what} did not start within 180 s:\n${proc.output().slice(-3000)}`);
}
async function waitForHttp(url, proc, what) {
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    if (proc.exited) throw new Error(`${what} exited:\n${proc.output().slice(-3000)}`);
    try {
      const r = await fetch(url, { signal: AbortSignal.timeout(60_000) });
      if (r.ok) return r;
    } catch {}
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${what} did not answer ${url} within 180 s:\n${proc.output().slice(-3000)}`);
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

// ── 3. drive in Chromium ──
/** A page that records console errors and warnings and uncaught exceptions. */
async function openPage(browser, url, problems, label) {
  const context = await browser.newContext({ viewport: { width: 1000, height: 640 } });
  const page = await context.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning' || /hydrat/i.test(m.text()))
      problems.push(`${label} console.${m.type()}: ${m.text()} (${m.location().url})`);
  });
  page.on('pageerror', (e) => problems.push(`${label} page error: ${e.message}`));
  // a denied action must be inert: its onClick would open an alert
  page.on('dialog', (d) => {
    problems.push(`${label} dialog opened: ${d.message()}`);
    d.dismiss().catch(() => {});
  });
  // the push stream the client opens (EventSource: GET /grantkit/grants/stream)
  page.streams = 0;
  page.on('request', (r) => {
    if (new URL(r.url()).pathname === '/grantkit/grants/stream') page.streams += 1;
  });
  await page.goto(url);
  await page.getByTestId('status').filter({ hasText: 'ready' }).waitFor({ timeout: 60_000 });
  return page;
}

const stateOf = (page, testId) => page.getByTestId(testId).getAttribute('data-state');
async function waitForState(page, testId, state) {
  await page
    .locator(`[data-testid="${testId}"][data-state="${state}"]`)
    .waitFor({ timeout: 60_000 });
}

/** The scenario every target runs: Bob is denied, Ann lets him edit (live), then takes it back. */
async function drive(browser, label, baseUrl) {
  const problems = [];
  const bob = await openPage(browser, `${baseUrl}/?user=bob`, problems, 'bob');
  const ann = await openPage(browser, `${baseUrl}/?user=ann`, problems, 'ann');
  try {
    const edit = bob.getByTestId('edit-q3');
    const denied =
      (await edit.getAttribute('aria-disabled')) === 'true' &&
      (await stateOf(bob, 'edit-q3')) === 'denied';
    const opacity = Number(await edit.evaluate((el) => getComputedStyle(el).opacity));
    await edit.hover();
    const tooltipId = ((await edit.getAttribute('aria-describedby')) ?? '').split(' ').at(-1);
    const tooltip = bob.locator(`[id="${tooltipId}"]`);
    await tooltip.waitFor({ state: 'visible', timeout: 10_000 }).catch(() => {});
    const reason = (await tooltip.textContent().catch(() => '')) ?? '';
    check(
      `${label}: Bob's "Edit" on Q3 is greyed (styles.css) with its reason`,
      denied &&
        opacity < 0.9 &&
        /needs edit on dashboard “Q3 Revenue”/.test(reason) &&
        (await tooltip.isVisible()),
      `aria-disabled/denied ${denied}, opacity ${opacity}, tooltip "${reason}"`,
    );
    await bob.screenshot({ path: join(artifacts, `${label}-bob-denied.png`) });
    await edit.click({ force: true }); // inert: no alert opens (a dialog counts as a problem)
    check(
      `${label}: Bob may not run the admin op (greyed)`,
      (await stateOf(bob, 'let-bob-edit')) === 'denied' &&
        (await stateOf(ann, 'let-bob-edit')) === 'allowed',
    );

    await ann.getByTestId('let-bob-edit').click();
    await ann
      .getByTestId('op-result')
      .filter({ hasText: 'applied at revision' })
      .waitFor({ timeout: 60_000 });
    await waitForState(bob, 'edit-q3', 'allowed').then(
      () =>
        check(
          `${label}: Ann's admin op reaches Bob's browser (live push): Edit enabled`,
          bob.streams > 0,
          "the client in Bob's browser opened no push stream",
        ),
      (e) =>
        check(
          `${label}: Ann's admin op reaches Bob's browser (live push): Edit enabled`,
          false,
          e.message,
        ),
    );
    await bob.mouse.move(0, 0);
    await bob.screenshot({ path: join(artifacts, `${label}-bob-after-push.png`) });
    await ann.screenshot({ path: join(artifacts, `${label}-ann.png`) });

    await ann.getByTestId('bob-view-only').click();
    await waitForState(bob, 'edit-q3', 'denied').then(
      () => check(`${label}: taking it back reaches Bob too: Edit greyed again`, true),
      (e) => check(`${label}: taking it back reaches Bob too: Edit greyed again`, false, e.message),
    );
  } finally {
    await bob.context().close();
    await ann.context().close();
  }
  const hydration = problems.filter((p) => /hydrat/i.test(p));
  check(`${label}: no hydration warning`, hydration.length === 0, hydration.join('\n      '));
  check(`${label}: no console error or warning`, problems.length === 0, problems.join('\n      '));
}

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
    await step(`drive ${label} in Chromium`, () => drive(browser, label, base));
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
  await step(`drive ${label} in Chromium`, () => drive(browser, label, base));
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
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
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
