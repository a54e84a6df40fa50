#!/usr/bin/env node
// README command 2 (through `npm test`): every test of the workspace, in stages,
// then one summary. Exits non-zero when any stage fails.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const env = {
  ...process.env,
  TURBO_TELEMETRY_DISABLED: '1',
  FORCE_COLOR: process.env.FORCE_COLOR ?? '1',
};

/** Runs a command, streaming its output, and resolves with its status and output. */
function sh(cmd, args) {
  return new Promise((done) => {
    const child = spawn(cmd, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const tee = (stream) => (chunk) => {
      out += chunk;
      stream.write(chunk);
    };
    child.stdout.on('data', tee(process.stdout));
    child.stderr.on('data', tee(process.stderr));
    child.on('close', (code) => done({ code: code ?? 1, out }));
  });
}

const workspaces = ['packages', 'apps']
  .flatMap((dir) => readdirSync(join(root, dir)).map((name) => join(root, dir, name)))
  .filter((dir) => existsSync(join(dir, 'package.json')));
const reportDirs = [...workspaces, join(root, '.storybook')].map((dir) => join(dir, '.reports'));
const hasScript = (name) =>
  workspaces.some(
    (dir) => JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).scripts?.[name],
  );

/** Counts tests from the vitest JSON reports the stages left in `.reports/`. */
function countReports() {
  let passed = 0;
  let failed = 0;
  for (const dir of reportDirs) {
    if (!existsSync(dir)) continue;
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
      const report = JSON.parse(readFileSync(join(dir, file), 'utf8'));
      passed += report.numPassedTests ?? 0;
      failed += report.numFailedTests ?? 0;
    }
  }
  return { passed, failed };
}

const stages = [
  { name: 'lint (biome)', cmd: ['pnpm', ['lint']] },
  {
    name: 'typecheck (bench, scripts, storybook)',
    cmd: ['pnpm', ['exec', 'tsc', '--noEmit', '-p', 'tsconfig.json']],
  },
  {
    name: 'typecheck, unit and type tests, build, publint + attw',
    cmd: [
      'pnpm',
      ['turbo', 'run', 'typecheck', 'test', 'build', 'test:build', '--output-logs=errors-only'],
    ],
  },
  {
    name: 'conformance (public scenarios and next/ folders of open issues)',
    cmd: [
      'pnpm',
      [
        '-s',
        'conformance',
        join(root, 'conformance', 'scenarios'),
        // Issue 10: the guardrails its MODEL changes introduce.
        join(root, 'conformance', 'next', 'guardrails'),
        // Issue 13: groups, rule edits, permission attributes and survey-level grants.
        join(root, 'conformance', 'next', 'admin'),
        // Issue 12: the activity feed, watches and notifications (MODEL W1–W4).
        join(root, 'conformance', 'next', 'activity'),
      ],
    ],
    steps: true,
  },
  {
    // Issue 11: every ts/tsx snippet of the READMEs type-checks; the runnable ones run.
    name: 'README snippets (type-checked, runnable ones run)',
    cmd: ['node', ['scripts/readme-snippets.mjs']],
    snippets: true,
  },
  { name: 'storybook stories (jsdom + axe)', cmd: ['pnpm', ['test:stories']] },
  { name: 'storybook static build', cmd: ['pnpm', ['build-storybook', '--quiet']] },
  {
    // Issue 14: every story in Chromium from the static build vs its baseline PNG, plus axe.
    name: 'storybook visual tests (Chromium, baselines, axe)',
    cmd: ['pnpm', ['-s', 'test:visual']],
  },
  existsSync(join(root, '.size-limit.json')) && {
    name: 'size budget (size-limit)',
    cmd: ['pnpm', ['size']],
  },
  (hasScript('test:browser') || hasScript('test:e2e')) && {
    name: 'browser and end-to-end tests (real Chromium)',
    cmd: [
      'pnpm',
      ['turbo', 'run', 'test:browser', 'test:e2e', '--concurrency=1', '--output-logs=errors-only'],
    ],
  },
  {
    // Issue 11: examples/next-app and examples/vite-react installed from the packed tarballs
    // (the packages were built by the turbo stage), built, and driven in Chromium.
    name: 'examples from the packed tarballs (Next.js, Vite; real Chromium)',
    cmd: ['node', ['scripts/examples.mjs', '--no-build']],
    examples: true,
  },
].filter(Boolean);

for (const dir of reportDirs) rmSync(dir, { recursive: true, force: true });
const results = [];
let steps = { passed: 0, failed: 0 };
let snippets = 'readme snippets: not run';
let examples = 'examples: not run';
for (const stage of stages) {
  console.log(`\n━━ ${stage.name}`);
  const started = performance.now();
  const { code, out } = await sh(...stage.cmd);
  if (stage.steps) {
    const m = /(\d+) passed, (\d+) failed/.exec(out);
    if (m) steps = { passed: Number(m[1]), failed: Number(m[2]) };
  }
  if (stage.snippets) snippets = /readme snippets: .*/.exec(out)?.[0] ?? snippets;
  if (stage.examples) examples = /examples: \d+ passed, \d+ failed/.exec(out)?.[0] ?? examples;
  results.push({ name: stage.name, ok: code === 0, seconds: (performance.now() - started) / 1000 });
}

const tests = countReports();
console.log('\n━━ Summary');
// Lines that tests leave for the summary (the escalation search, the hostile-input suite).
for (const dir of reportDirs) {
  if (!existsSync(dir)) continue;
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.summary.txt')))
    process.stdout.write(readFileSync(join(dir, file), 'utf8'));
}
for (const r of results)
  console.log(`${r.ok ? 'PASS' : 'FAIL'}  ${r.seconds.toFixed(1).padStart(6)}s  ${r.name}`);
console.log(`conformance steps: ${steps.passed} passed, ${steps.failed} failed`);
console.log(snippets);
console.log(examples);
const failedStages = results.filter((r) => !r.ok).length;
console.log(`stages: ${results.length - failedStages} passed, ${failedStages} failed`);
console.log(`tests: ${tests.passed + steps.passed} passed, ${tests.failed + steps.failed} failed`);
process.exit(failedStages === 0 ? 0 : 1);
