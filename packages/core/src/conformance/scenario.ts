/**
 * The conformance scenario format (conformance/FORMAT.md): types and a
 * validator that names the JSON path of the first problem.
 */
import type { WorldInput } from '../model/state.ts';
import { isObject } from '../schema/is-object.ts';

/** One step: exactly one verb and `expect`. */
export type Step =
  | {
      readonly check: {
        user: string;
        action: string;
        resource: { type: string; id?: string; env?: string; fields?: Record<string, unknown> };
        viewAs?: string;
      };
      readonly expect: boolean;
    }
  | { readonly menu: { user: string }; readonly expect: string[] }
  | { readonly search: { user: string; query: string }; readonly expect: string[] }
  | { readonly list: { user: string; type: string }; readonly expect: string[] }
  | { readonly members: { bundle: string } | { group: string }; readonly expect: string[] }
  | {
      readonly do: { actor: string; op: string; args?: Record<string, unknown>; viewAs?: string };
      readonly expect: 'ok' | { error: string };
    }
  | {
      readonly audit: { resource: { type: string; id: string } };
      readonly expect: { actor: string; action: string }[];
    }
  | { readonly activity: { user: string }; readonly expect: EventExpect[] }
  | { readonly notifications: { user: string }; readonly expect: EventExpect[] };

/** An event as `activity` and `notifications` expect it (FORMAT.md, MODEL W1, W4). */
export interface EventExpect {
  readonly actor: string;
  readonly action: string;
  readonly type: string;
  readonly id: string;
}

/** A scenario file. */
export interface Scenario extends WorldInput {
  readonly name: string;
  readonly rules?: readonly string[];
  readonly schema: string | Record<string, unknown>;
  readonly steps: readonly Step[];
}

/**
 * A scenario file that is not valid: `path` names the JSON path, `detail` says what is wrong
 * without repeating the path (the CLI prints `INVALID <file> at <path>: <detail>`).
 */
export class ScenarioError extends Error {
  readonly detail: string;
  constructor(
    readonly path: string,
    detail: string,
  ) {
    super(`${path || '(root)'}: ${detail}`);
    this.name = 'ScenarioError';
    this.detail = detail;
  }
}

const VERBS = [
  'check',
  'menu',
  'search',
  'list',
  'members',
  'do',
  'audit',
  'activity',
  'notifications',
] as const;
function fail(path: string, message: string): never {
  throw new ScenarioError(path, message);
}
function need(
  o: Record<string, unknown>,
  key: string,
  path: string,
  type: 'string' | 'object' | 'boolean',
  optional = false,
): void {
  const v = o[key];
  if (v === undefined) {
    if (!optional) fail(`${path}.${key}`, 'is required');
    return;
  }
  const ok = type === 'object' ? isObject(v) : typeof v === type;
  if (!ok) fail(`${path}.${key}`, `must be ${type === 'object' ? 'an object' : `a ${type}`}`);
}
function stringList(v: unknown, path: string): void {
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string'))
    fail(path, 'must be a list of strings');
}

function validateStep(s: unknown, path: string): void {
  if (!isObject(s)) fail(path, 'a step must be an object');
  const verbs = Object.keys(s).filter((k) => k !== 'expect');
  if (verbs.length !== 1 || !VERBS.includes(verbs[0] as (typeof VERBS)[number]))
    fail(
      path,
      `a step has exactly one verb of ${VERBS.join(', ')} besides "expect" (found ${verbs.join(', ') || 'none'})`,
    );
  if (!('expect' in s)) fail(`${path}.expect`, 'is required');
  const verb = verbs[0]!;
  const body = s[verb];
  const at = `${path}.${verb}`;
  if (!isObject(body)) fail(at, 'must be an object');
  const e = s.expect;
  switch (verb) {
    case 'check':
      need(body, 'user', at, 'string');
      need(body, 'action', at, 'string');
      need(body, 'resource', at, 'object');
      need(body.resource as Record<string, unknown>, 'type', `${at}.resource`, 'string');
      // An id is a string (a number would never match a stored id, FORMAT.md).
      need(body.resource as Record<string, unknown>, 'id', `${at}.resource`, 'string', true);
      need(body.resource as Record<string, unknown>, 'env', `${at}.resource`, 'string', true);
      need(body.resource as Record<string, unknown>, 'fields', `${at}.resource`, 'object', true);
      need(body, 'viewAs', at, 'string', true);
      if (typeof e !== 'boolean') fail(`${path}.expect`, 'must be a boolean');
      break;
    case 'menu':
    case 'search':
    case 'list':
      need(body, 'user', at, 'string');
      if (verb === 'search') need(body, 'query', at, 'string');
      if (verb === 'list') need(body, 'type', at, 'string');
      stringList(e, `${path}.expect`);
      break;
    case 'members':
      if (typeof body.bundle !== 'string' && typeof body.group !== 'string')
        fail(at, 'needs "bundle" or "group"');
      stringList(e, `${path}.expect`);
      break;
    case 'do':
      need(body, 'actor', at, 'string');
      need(body, 'op', at, 'string');
      need(body, 'args', at, 'object', true);
      need(body, 'viewAs', at, 'string', true);
      if (e !== 'ok' && !(isObject(e) && typeof e.error === 'string'))
        fail(`${path}.expect`, 'must be "ok" or { "error": "<rule id>" }');
      break;
    case 'activity':
    case 'notifications':
      need(body, 'user', at, 'string');
      if (
        !Array.isArray(e) ||
        e.some(
          (x) =>
            !isObject(x) ||
            !['actor', 'action', 'type', 'id'].every((k) => typeof x[k] === 'string'),
        )
      )
        fail(`${path}.expect`, 'must be a list of { actor, action, type, id }');
      break;
    default:
      need(body, 'resource', at, 'object');
      need(body.resource as Record<string, unknown>, 'type', `${at}.resource`, 'string');
      need(body.resource as Record<string, unknown>, 'id', `${at}.resource`, 'string');
      if (
        !Array.isArray(e) ||
        e.some((x) => !isObject(x) || typeof x.actor !== 'string' || typeof x.action !== 'string')
      )
        fail(`${path}.expect`, 'must be a list of { actor, action }');
  }
}

/** Validates a parsed scenario file; throws `ScenarioError` naming the JSON path. */
export function validateScenario(json: unknown): Scenario {
  if (!isObject(json)) fail('', 'a scenario must be a JSON object');
  need(json, 'name', '', 'string');
  if (json.rules !== undefined) stringList(json.rules, 'rules');
  if (typeof json.schema !== 'string' && !isObject(json.schema))
    fail('schema', 'must be "gainsight" (a schema file name) or a schema object');
  if (!Array.isArray(json.users)) fail('users', 'must be a list');
  for (const k of ['groups', 'bundles', 'resources', 'recordTypes'])
    if (json[k] !== undefined && !Array.isArray(json[k])) fail(k, 'must be a list');
  if (!Array.isArray(json.steps)) fail('steps', 'must be a list');
  json.steps.forEach((s, i) => {
    validateStep(s, `steps[${i}]`);
  });
  return json as unknown as Scenario;
}
