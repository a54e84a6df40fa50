/**
 * `pnpm conformance <file-or-folder>...`: runs scenario files (folders
 * recursively), prints one line per failing step and `N passed, N failed`.
 * Exit 0 when nothing failed, 1 on failures, 2 when a file is not a valid scenario.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { InvalidInputError, SchemaError } from '../errors.ts';
import { loadSchema } from '../schema/define.ts';
import type { Schema } from '../schema/schema.ts';
import { runScenario } from './runner.ts';
import { ScenarioError, validateScenario } from './scenario.ts';

/** Every `*.json` under the given files and folders, sorted. */
export function collect(paths: readonly string[]): string[] {
  const out: string[] = [];
  const walk = (p: string) => {
    if (statSync(p).isDirectory()) {
      for (const e of readdirSync(p).sort()) {
        const full = join(p, e);
        if (statSync(full).isDirectory()) walk(full);
        else if (e.endsWith('.json') && !/^schema\./.test(e)) out.push(full);
      }
    } else out.push(p);
  };
  for (const p of paths) walk(resolve(p));
  return out;
}

/** Finds `schema.<name>.json` beside the file or in a parent folder. */
export function findSchemaFile(file: string, name: string): string | undefined {
  for (let dir = dirname(file); ; dir = dirname(dir)) {
    const candidate = join(dir, `schema.${name}.json`);
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}

/** An input or schema error's message without the path it starts with (the CLI names the path once). */
function withoutPath(e: InvalidInputError | SchemaError): string {
  const kind = e instanceof SchemaError ? 'schema' : 'input';
  const prefix = `invalid ${kind} at ${e.path || '(root)'}: `;
  return e.message.startsWith(prefix) ? e.message.slice(prefix.length) : e.message;
}

/** Result of running files: counts and printable lines. */
export interface RunReport {
  passed: number;
  failed: number;
  invalid: number;
  lines: string[];
}

/** Runs files and returns the report (the CLI prints it). */
export function runFiles(files: readonly string[], cwd = process.cwd()): RunReport {
  const report: RunReport = { passed: 0, failed: 0, invalid: 0, lines: [] };
  const schemas = new Map<string, Schema>();
  for (const file of files) {
    const name = relative(cwd, file) || file;
    try {
      let json: unknown;
      try {
        json = JSON.parse(readFileSync(file, 'utf8'));
      } catch (e) {
        throw new ScenarioError('', `not JSON (${(e as Error).message})`);
      }
      const scenario = validateScenario(json);
      let schema: Schema;
      if (typeof scenario.schema === 'string') {
        const at = findSchemaFile(file, scenario.schema);
        if (at === undefined)
          throw new ScenarioError(
            'schema',
            `no schema.${scenario.schema}.json beside the file or in a parent folder`,
          );
        if (!schemas.has(at)) schemas.set(at, loadSchema(JSON.parse(readFileSync(at, 'utf8'))));
        schema = schemas.get(at)!;
      } else {
        try {
          schema = loadSchema(scenario.schema);
        } catch (e) {
          if (e instanceof InvalidInputError || e instanceof SchemaError)
            throw new ScenarioError(`schema.${String(e.path)}`, withoutPath(e));
          throw e;
        }
      }
      let result: ReturnType<typeof runScenario>;
      try {
        result = runScenario(scenario, schema);
      } catch (e) {
        if (e instanceof InvalidInputError || e instanceof SchemaError)
          throw new ScenarioError(String(e.path), withoutPath(e));
        throw e;
      }
      report.passed += result.passed;
      report.failed += result.failed;
      for (const f of result.failures)
        report.lines.push(
          `FAIL ${name} step ${f.step} (${f.verb}): expected ${JSON.stringify(f.expected)}, got ${JSON.stringify(f.got)}${f.explanation ? ` — ${f.explanation}` : ''}`,
        );
    } catch (e) {
      if (!(e instanceof ScenarioError)) throw e;
      report.invalid++;
      report.lines.push(`INVALID ${name} at ${e.path || '(root)'}: ${e.detail}`);
    }
  }
  return report;
}

function main(argv: readonly string[]): number {
  if (argv.length === 0) {
    console.error('usage: conformance <file-or-folder>...');
    return 2;
  }
  let files: string[];
  try {
    files = collect(argv);
  } catch (e) {
    console.error(`conformance: ${(e as Error).message}`);
    return 2;
  }
  const r = runFiles(files);
  for (const line of r.lines) console.log(line);
  console.log(`${r.passed} passed, ${r.failed} failed`);
  return r.invalid > 0 ? 2 : r.failed > 0 ? 1 : 0;
}

const invoked =
  process.argv[1] !== undefined &&
  resolve(process.argv[1]).replace(/\.ts$/, '') ===
    resolve(import.meta.dirname ?? dirname(new URL(import.meta.url).pathname), 'cli');
if (invoked) process.exitCode = main(process.argv.slice(2));
