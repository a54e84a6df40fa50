/**
 * Generated hostile requests against the grants server (issue 10's hostile-input suite):
 * every op and query endpoint with deep nesting, huge strings and arrays, NUL and lone
 * surrogates, prototype keys, wrong types, `1e400`, `-0`, `"NaN"`, unknown ops, bad JSON
 * and junk query strings. Deterministic from a seed. Each op request whose body core's
 * `parseOpArgs` refuses carries the answer HTTP must give (400 naming the same field),
 * so the suite also proves the two layers share one definition.
 */
import { InvalidInputError, OP_ARGS, type OpName, parseOpArgs } from '@grantkit/core';

/** One request to send. `expect` is set when the answer is known in advance. */
export interface HostileRequest {
  readonly method: string;
  readonly path: string;
  readonly body?: string;
  readonly user: string;
  readonly tenant: string;
  readonly expect?: { readonly status: number; readonly field: string };
}

/** A small deterministic PRNG (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const BODY_LIMIT = 256 * 1024;
const pages = (id: string) => [{ type: 'page', id, actions: ['navigate'] }];
const crit = { attr: 'region', op: '=', value: 'emea' };

/** Near-valid args of every op on the Acme fixture world (hostile values go into them). */
const TEMPLATES: Record<OpName, Record<string, unknown>> = {
  createBundle: { id: 'HB', grants: pages('timeline'), groups: ['EMEA'], rule: crit },
  editBundle: { id: 'HB', grants: pages('timeline'), rule: { not: crit } },
  deleteBundle: { id: 'HB' },
  addToBundle: { bundle: 'TEAM', user: 'u1', administrator: false },
  removeFromBundle: { bundle: 'TEAM', user: 'u1' },
  addToGroup: { group: 'EMEA', user: 'u2' },
  removeFromGroup: { group: 'EMEA', user: 'u2' },
  setUser: {
    id: 'u3',
    attributes: { region: 'emea', tags: ['a'] },
    license: 'full',
    managerId: 'u4',
  },
  assignRole: { user: 'u5', role: 'TEAM' },
  unassignRole: { user: 'u5', role: 'TEAM' },
  createAsset: { type: 'dashboard', id: 'hd', parent: 'f1' },
  deleteAsset: { asset: 'hd' },
  setSharing: { asset: 'd3', sharing: 'specific' },
  share: { asset: 'd3', user: 'u6', level: 'view' },
  revoke: { asset: 'd3', user: 'u6' },
  move: { assets: ['hd'], to: 'f1' },
  setEveryone: { recordType: 'cta', on: false },
  addRule: {
    recordType: 'cta',
    rule: {
      id: 'hr',
      actions: ['read'],
      criteria: { any: [crit, { userGroup: ['EMEA'] }] },
      advice: [{ field: 'status', op: '=', values: ['open'] }],
    },
  },
  editRule: {
    recordType: 'cta',
    id: 'hr',
    rule: { actions: ['read'], advice: [{ field: 'status', op: '=', values: ['open'] }] },
  },
  deleteRule: { recordType: 'cta', id: 'hr' },
  addAttribute: { recordType: 'cta', name: 'status', source: 'resource' },
  removeAttribute: { recordType: 'cta', name: 'status' },
  createGroup: { id: 'HG', members: ['u1'], rule: crit },
  editGroup: { id: 'EMEA', members: ['u2'], rule: null },
  deleteGroup: { id: 'HG' },
  grantOn: { resource: { type: 'survey', id: 's1' }, user: 'u1', actions: ['admin'] },
  revokeOn: { resource: { type: 'survey', id: 's1' }, user: 'u1', actions: ['admin'] },
  transition: { resource: { type: 'cta', id: 'c1' }, action: 'launch' },
  draftCopy: { resource: { type: 'cta', id: 'c1' }, id: 'c1-draft' },
  syncUsers: { users: [{ id: 'u1', attributes: { region: 'EMEA' }, managerId: null }] },
  watch: { target: { type: 'dashboard', id: 'd1' }, actions: ['share'] },
  unwatch: { target: 'mine' },
};
const OPS = Object.keys(OP_ARGS) as OpName[];

// Raw JSON text JSON.stringify cannot produce (`1e400`, `-0`) or would overflow the stack
// on (5,000 levels): a marker string in the value, spliced into the text afterwards.
const RAW = ['1e400', '-1e400', '-0', '-1e-400', '1e308', '123456789012345678901234567890'];
let raws: string[] = [];
const raw = (text: string): string => {
  raws.push(text);
  return `\u0001RAW${raws.length - 1}\u0001`;
};
const deep = (n: number, open: string, leaf: string, close: string) =>
  raw(`${open.repeat(n)}${leaf}${close.repeat(n)}`);

const nest = (n: number, leaf: unknown, wrap: (x: unknown) => unknown): unknown => {
  let v = leaf;
  for (let i = 0; i < n; i++) v = wrap(v);
  return v;
};

/** A hostile value: the kinds the issue lists, with sizes around and far past each bound. */
function hostileValue(r: () => number): unknown {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const depth = pick([31, 33, 100, 2000, 5000]);
  switch (Math.floor(r() * 12)) {
    case 0:
      return depth > 100 ? deep(depth, '[', '"x"', ']') : nest(depth, 'x', (x) => [x]);
    case 1:
      return depth > 100 ? deep(depth, '{"a":', '1', '}') : nest(depth, 1, (x) => ({ a: x }));
    case 2:
      return depth > 100
        ? deep(depth, '{"not":', JSON.stringify(crit), '}')
        : nest(depth, crit, (x) => ({ not: x }));
    case 3:
      return pick(['x'.repeat(257), 'y'.repeat(1001), 'z'.repeat(10_001), 'v'.repeat(20_000)]);
    case 4:
      return pick([Array(10_001).fill(0), Array(2000).fill('s'), Array(3).fill([[[]]])]);
    case 5:
      return Object.fromEntries(Array.from({ length: pick([3, 1001]) }, (_, i) => [`k${i}`, i]));
    case 6:
      return pick(['a\u0000b', '\u0000', '\uD800', 'x\uDBFFy', '\uDC00', '\uDC00\uD800', '😀']);
    case 7:
      return raw(pick(RAW));
    case 8:
      return pick(['NaN', 'Infinity', '-0', '1e400', '', ' ', '__proto__', 'constructor']);
    case 9:
      return pick([
        0,
        -1,
        1.5,
        true,
        false,
        null,
        [],
        {},
        [null],
        [{}],
        { logic: '((((A', where: {} },
      ]);
    case 10:
      // An own key named `__proto__` (a computed key does not set the prototype).
      return { [pick(['__proto__', 'constructor', 'prototype'])]: { superAdmin: true } };
    default:
      return { logic: `${'('.repeat(depth % 60)}A${')'.repeat(depth % 60)}`, where: { A: crit } };
  }
}

/** Replaces a random field (at any depth) of `args`, or adds a hostile key. */
function mutate(args: unknown, r: () => number): unknown {
  const copy = structuredClone(args) as Record<string, unknown>;
  const spots: [Record<string, unknown> | unknown[], string | number][] = [];
  const stack: unknown[] = [copy];
  while (stack.length > 0) {
    const v = stack.pop();
    if (Array.isArray(v))
      v.forEach((x, i) => {
        spots.push([v, i]);
        stack.push(x);
      });
    else if (typeof v === 'object' && v !== null)
      for (const [k, x] of Object.entries(v)) {
        spots.push([v as Record<string, unknown>, k]);
        stack.push(x);
      }
  }
  const roll = r();
  if (roll < 0.08) {
    const key = [
      '__proto__',
      'constructor',
      'prototype',
      'extra',
      'a\u0000',
      '\uD800',
      'k'.repeat(300),
    ];
    Object.defineProperty(copy, key[Math.floor(r() * key.length)]!, {
      value: hostileValue(r),
      enumerable: true,
      configurable: true,
      writable: true,
    });
  } else if (roll < 0.12 && spots.length > 0) {
    const [parent, key] = spots[Math.floor(r() * spots.length)]!;
    if (Array.isArray(parent)) parent.splice(Number(key), 1);
    else delete parent[key as string];
  } else if (spots.length > 0) {
    const [parent, key] = spots[Math.floor(r() * spots.length)]!;
    (parent as Record<string | number, unknown>)[key] = hostileValue(r);
  }
  return copy;
}

/** The JSON text of `v`, with the raw texts spliced in. */
function toText(v: unknown): string {
  let text = JSON.stringify(v);
  raws.forEach((t, i) => {
    text = text.replace(JSON.stringify(`\u0001RAW${i}\u0001`), () => t);
  });
  raws = [];
  return text;
}

const BAD_BODIES = [
  '',
  '{',
  '{"asset":',
  'null',
  '[]',
  '"s"',
  '1',
  'true',
  '\uFEFF{}',
  '{"a":1,"a":2}',
  '{"__proto__":{"superAdmin":true}}',
  '{"constructor":{"prototype":{"x":1}}}',
  `${'['.repeat(100_000)}${']'.repeat(100_000)}`,
  `{"a":${'{"a":'.repeat(20_000)}1${'}'.repeat(20_001)}`,
  '{"id":"\\u0000"}',
  '{"id":"\\ud800"}',
  'NaN',
  '{"id": 1e400}',
  '\u0000',
  `{"id":"${'w'.repeat(300_000)}"}`,
];

const QUERY_VALUES = [
  '%00',
  'a%00b',
  '%ED%A0%80',
  '%F0%9F%98%80',
  'x'.repeat(2000),
  '1e400',
  '-0',
  'NaN',
  '-1',
  '99999999999999999999',
  '0x10',
  '',
  '%',
  '%zz',
  '__proto__',
  'constructor',
  'dashboard',
  'd1',
  'asset',
  'sam',
  '1',
];
const READS: [string, string[]][] = [
  ['/grants', ['since', 'viewAs']],
  ['/audit', ['type', 'id']],
  ['/audit/all', ['limit']],
  ['/world/users', ['x']],
  ['/world/groups', ['x']],
  ['/world/bundles', ['x']],
  ['/world/recordTypes', ['x']],
  ['/world/resources', ['type']],
  ['/world/__proto__', []],
  ['/world/%00', []],
  ['/ops/share', []],
];
const USERS = ['sam', 'sam', 'sam', 'sam', 'ann', 'eve', 'cat', 'dan', 'ghost'];

/** What HTTP must answer for `body` of `op` (by core's own parse), when core refuses it. */
function expected(op: OpName, text: string): HostileRequest['expect'] {
  if (text.length > BODY_LIMIT / 3) return undefined; // may be over the byte limit (413)
  // As the server reads it: UTF-8 decoding drops a leading BOM; an empty body is `{}`.
  const read = text.startsWith('\uFEFF') ? text.slice(1) : text;
  let body: unknown = {};
  try {
    if (read.trim() !== '') body = JSON.parse(read);
  } catch {
    return { status: 400, field: 'body' };
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return { status: 400, field: 'args' };
  try {
    parseOpArgs(op, body);
    return undefined;
  } catch (e) {
    if (e instanceof InvalidInputError) return { status: 400, field: e.path };
    throw e;
  }
}

/** `count` hostile requests from `seed` (the same seed gives the same requests). */
export function* hostileRequests(seed: number, count: number): Generator<HostileRequest> {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  for (let i = 0; i < count; i++) {
    const user = pick(USERS);
    const tenant = r() < 0.02 ? 'nowhere' : 'acme';
    const kind = r();
    if (kind < 0.6) {
      const op = pick(OPS);
      const text = r() < 0.1 ? pick(BAD_BODIES) : toText(mutate(TEMPLATES[op], r));
      const exp = tenant === 'acme' ? expected(op, text) : undefined;
      yield {
        method: 'POST',
        path: `/ops/${op}`,
        body: text,
        user,
        tenant,
        ...(exp ? { expect: exp } : {}),
      };
    } else if (kind < 0.65) {
      const path = pick([
        '/ops/__proto__',
        '/ops/constructor',
        '/ops/%00',
        '/ops/fly',
        '/ops/toString',
        '/ops/%ED%A0%80',
      ]);
      yield { method: pick(['POST', 'PUT', 'DELETE']), path, body: '{}', user, tenant };
    } else {
      const [path, params] = pick(READS);
      const query =
        r() < 0.1
          ? Array.from({ length: 40 }, (_, j) => `p${j}=1`).join('&')
          : params.map((p) => `${p}=${pick(QUERY_VALUES)}`).join('&');
      yield { method: 'GET', path: query === '' ? path : `${path}?${query}`, user, tenant };
    }
  }
}
