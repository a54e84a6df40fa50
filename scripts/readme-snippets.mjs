#!/usr/bin/env node
// READMEs that run (issue 11): every ```ts / ```tsx block of README.md and the READMEs of
// packages/*, apps/* and examples/* is type-checked against the workspace packages (their sources), and
// the blocks fenced ```ts runnable are executed with tsx. How to mark a block: see the root
// README, "Working on Grantkit". Prints `readme snippets: N checked, N run, N failing` and
// exits non-zero when any snippet fails. `--json` prints the counts as JSON instead.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// One folder per run, so that two runs in one checkout do not collide; removed when all pass.
const out = join(root, '.readme-snippets', String(process.pid));
const preludes = join(root, 'scripts', 'readme-preludes');
const json = process.argv.includes('--json');
const log = json ? () => {} : (line) => console.log(line);

/** The READMEs whose snippets are checked. */
function readmes() {
  const files = [join(root, 'README.md')];
  for (const dir of ['packages', 'apps', 'examples'].filter((d) => existsSync(join(root, d))))
    for (const name of readdirSync(join(root, dir)).sort()) {
      const file = join(root, dir, name, 'README.md');
      if (existsSync(file)) files.push(file);
    }
  return files;
}

const FENCE = /^(\s*)```(ts|tsx|typescript)((?:[ \t]+[\w-]+)*)[ \t]*$/;
const PRELUDE = /^\s*<!--\s*prelude:\s*([\w\s,-]+?)\s*-->\s*$/;

/** `packages/NAME/README.md`'s blocks get the prelude `NAME` unless they name their own. */
function defaultPrelude(file) {
  const name = relative(root, dirname(file)).split(/[\\/]/).at(-1);
  return name && [`${name}.ts`, `${name}.tsx`].some((f) => existsSync(join(preludes, f)))
    ? [name]
    : [];
}

/**
 * The TypeScript blocks of a README: `{ file, line, lang, runnable, preludes, code }`.
 * `line` is the README line of the block's first code line (1-based). A block may be
 * indented (in a list item); its indentation is removed.
 */
export function extract(file) {
  const lines = readFileSync(file, 'utf8').split('\n');
  const blocks = [];
  for (let i = 0; i < lines.length; i++) {
    const m = FENCE.exec(lines[i]);
    if (!m) continue;
    const indent = m[1].length;
    const meta = m[3].trim().split(/\s+/).filter(Boolean);
    let p = i - 1;
    while (p >= 0 && lines[p].trim() === '') p--;
    const prelude = p >= 0 ? PRELUDE.exec(lines[p]) : null;
    const body = [];
    let j = i + 1;
    for (; j < lines.length && !/^\s*```\s*$/.test(lines[j]); j++)
      body.push(lines[j].slice(Math.min(indent, lines[j].length - lines[j].trimStart().length)));
    blocks.push({
      file,
      line: i + 2,
      lang: m[2] === 'tsx' ? 'tsx' : 'ts',
      runnable: meta.includes('runnable'),
      preludes: prelude ? prelude[1].split(/[\s,]+/).filter(Boolean) : defaultPrelude(file),
      code: body.join('\n'),
    });
    i = j;
  }
  return blocks;
}

/** `paths` for every workspace package's entry points (their `@grantkit/source` files). */
function workspacePaths() {
  const paths = {};
  for (const name of readdirSync(join(root, 'packages'))) {
    const pkgFile = join(root, 'packages', name, 'package.json');
    if (!existsSync(pkgFile)) continue;
    const pkg = JSON.parse(readFileSync(pkgFile, 'utf8'));
    for (const [sub, target] of Object.entries(pkg.exports ?? {})) {
      const src = typeof target === 'object' && target?.['@grantkit/source'];
      if (src) paths[join(pkg.name, sub).replace(/\\/g, '/')] = [`../../packages/${name}/${src}`];
    }
  }
  return paths;
}

/**
 * A prelude's lines for one snippet: a `declare const|let|function|class NAME` line is left
 * out when the snippet declares or imports `NAME` itself.
 */
function declarations(prelude, code) {
  return prelude
    .trimEnd()
    .split('\n')
    .filter((line) => {
      const name = /^declare (?:const|let|function|class) (\w+)/.exec(line)?.[1];
      if (!name) return true;
      const own = new RegExp(
        `\\b(?:const|let|var|function|class)\\s+${name}\\b|\\b(?:const|let|var)\\s*[{[][^=]*\\b${name}\\b[^=]*=|^import\\b[^;]*\\b${name}\\b`,
        'm',
      );
      return !own.test(code);
    });
}

/** Writes the snippets as modules into `.readme-snippets/` and returns them with their files. */
function prepare(blocks) {
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  writeFileSync(
    join(out, 'tsconfig.json'),
    `${JSON.stringify(
      {
        extends: '../../tsconfig.base.json',
        compilerOptions: {
          types: ['node'],
          lib: ['ES2023', 'DOM', 'DOM.Iterable'],
          jsx: 'react-jsx',
          allowImportingTsExtensions: true,
          noUnusedLocals: false,
          // `import '@grantkit/react/styles.css'`: a bundler's business, not the type checker's.
          noUncheckedSideEffectImports: false,
          paths: workspacePaths(),
        },
        include: ['*.ts', '*.tsx'],
      },
      null,
      2,
    )}\n`,
  );
  return blocks.map((block) => {
    const head = [];
    for (const name of block.preludes) {
      const file = [`${name}.ts`, `${name}.tsx`].map((f) => join(preludes, f)).find(existsSync);
      if (!file) throw new Error(`${relative(root, block.file)}:${block.line}: no prelude ${name}`);
      head.push(`// prelude: ${name}`, ...declarations(readFileSync(file, 'utf8'), block.code));
    }
    head.push(`// ${relative(root, block.file)}:${block.line}`);
    const slug = relative(root, block.file).replace(/[\\/]/g, '_').replace(/\.md$/i, '');
    const name = `${slug}_${block.line}.${block.lang}`;
    writeFileSync(join(out, name), `${head.join('\n')}\n${block.code}\nexport {};\n`);
    return { ...block, name, offset: head.join('\n').split('\n').length };
  });
}

/** Type-checks every snippet at once; returns the errors per snippet file name. */
function typecheck(snippets) {
  const tsc = spawnSync(
    process.execPath,
    [
      join(root, 'node_modules', 'typescript', 'bin', 'tsc'),
      '-p',
      join(out, 'tsconfig.json'),
      '--pretty',
      'false',
    ],
    { cwd: root, encoding: 'utf8' },
  );
  const errors = new Map();
  const other = [];
  for (const line of `${tsc.stdout}${tsc.stderr}`.split('\n')) {
    if (!line.trim()) continue;
    const m = /^(?:.*[\\/])?\.readme-snippets[\\/]\d+[\\/]([^(]+)\((\d+),(\d+)\): (.*)$/.exec(line);
    const s = m && snippets.find((x) => x.name === m[1]);
    if (s) {
      const at = `${relative(root, s.file)}:${s.line + Number(m[2]) - s.offset - 1}:${m[3]}`;
      errors.set(s.name, [...(errors.get(s.name) ?? []), `${at}: ${m[4]}`]);
    } else if (/error TS\d+/.test(line)) other.push(line);
    else if (other.length > 0 && /^\s/.test(line)) other[other.length - 1] += `\n${line}`;
  }
  if (tsc.status !== 0 && errors.size === 0 && other.length === 0)
    other.push(`tsc exited with ${tsc.status}: ${tsc.stderr || tsc.stdout}`);
  return { errors, other };
}

/** Runs one snippet with tsx (workspace packages from source); resolves with its failure or null. */
function run(snippet) {
  const r = spawnSync(
    process.execPath,
    ['--conditions=@grantkit/source', '--import', 'tsx', join(out, snippet.name)],
    {
      cwd: out,
      encoding: 'utf8',
      env: { ...process.env, TSX_TSCONFIG_PATH: join(out, 'tsconfig.json') },
      timeout: 120_000,
    },
  );
  if (r.status === 0) return null;
  const why = r.error ? String(r.error) : `exit ${r.status}`;
  return `${relative(root, snippet.file)}:${snippet.line}: runnable snippet failed (${why})\n${(r.stderr || r.stdout).trim()}`;
}

const blocks = readmes().flatMap(extract);
const snippets = prepare(blocks);
const { errors, other } = typecheck(snippets);
const failing = new Set(errors.keys());
for (const list of errors.values()) for (const e of list) log(`✗ ${e}`);
for (const e of other) log(`✗ (outside the snippets) ${e}`);
let ran = 0;
for (const s of snippets.filter((x) => x.runnable)) {
  if (failing.has(s.name)) continue;
  ran++;
  const failure = run(s);
  if (failure) {
    failing.add(s.name);
    log(`✗ ${failure}`);
  }
}
const counts = {
  checked: snippets.length,
  run: ran,
  failing: failing.size + (other.length > 0 ? 1 : 0),
};
if (counts.failing === 0) rmSync(out, { recursive: true, force: true });
else log(`the snippets as checked: ${relative(root, out)}`);
if (json) console.log(JSON.stringify(counts));
else
  console.log(
    `readme snippets: ${counts.checked} checked, ${counts.run} run, ${counts.failing} failing`,
  );
process.exit(counts.failing === 0 ? 0 : 1);
