/**
 * Schema validation and compilation: action bitmasks with the transitive
 * implication closure (MODEL K4, N13), the page tree (MODEL N1), built-in
 * bundles and their protections (MODEL N4–N6, N11).
 */
import { SchemaError } from '../errors.ts';
import { type Fail, validateCondition } from './criteria.ts';
import { isObject } from './is-object.ts';
import type {
  BuiltinBundleDef,
  Grant,
  PageDef,
  SchemaDef,
  TransitionDef,
  TypeDef,
  TypeKind,
} from './types.ts';

/** A resource type compiled to bitmasks: action `i` is bit `1 << i`. */
export interface CompiledType {
  readonly name: string;
  readonly kind: TypeKind;
  readonly actions: readonly string[];
  readonly bits: ReadonlyMap<string, number>;
  /** The same as `bits`, as a plain object for the hot path (read it with a `typeof … === 'number'` guard). */
  readonly bitOf: Readonly<Record<string, number>>;
  /** Every action. */
  readonly full: number;
  /** Per action index: the action and everything it implies (resource level). */
  readonly closure: readonly number[];
  /** Per action index: the closure for type-level grants (adds `impliesAtTypeLevel`). */
  readonly typeClosure: readonly number[];
  readonly viewPage: string | undefined;
  readonly editPage: string | undefined;
  readonly environments: ReadonlySet<string> | undefined;
  readonly lifecycle: ReadonlyMap<string, TransitionDef>;
  readonly lookups: readonly string[];
  readonly container: boolean;
}

/** A page of the navigation tree with its ancestors (root first). */
export interface CompiledPage {
  readonly id: string;
  readonly title: string;
  readonly parent: string | undefined;
  readonly ancestors: readonly string[];
}

/** A built-in bundle with the rule its protections cite. */
export interface CompiledBuiltin extends BuiltinBundleDef {
  readonly rule: string;
}

/** A validated, compiled schema. `D` carries the declaration's literal types. */
export interface Schema<D extends SchemaDef = SchemaDef> {
  readonly def: D;
  readonly name: string;
  readonly types: ReadonlyMap<string, CompiledType>;
  readonly pageType: CompiledType;
  readonly pages: ReadonlyMap<string, CompiledPage>;
  /** The folder type (MODEL A4), if the schema has assets. */
  readonly folderType: CompiledType | undefined;
  readonly builtins: readonly CompiledBuiltin[];
  readonly bundlesPage: string | undefined;
  readonly sharingSettingsPage: string | undefined;
  readonly usersType: string;
  /** The mask of `actions` on `type` with implications closed; type-level grants add `impliesAtTypeLevel`. */
  mask(type: CompiledType, actions: Iterable<string>, typeLevel: boolean): number;
  /** The action names in a mask. */
  actionsOf(type: CompiledType, mask: number): string[];
}

const KINDS: ReadonlySet<string> = new Set(['page', 'asset', 'module', 'record']);
const MAX_ACTIONS = 30;
/** MODEL N1: page, sub-page, sub-sub-page. */
export const MAX_PAGE_DEPTH = 3;

function stringList(v: unknown, path: string, fail: Fail): string[] {
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string' || x === ''))
    fail(path, 'must be a list of non-empty strings');
  return v as string[];
}

function closeOver(
  actions: readonly string[],
  implied: ReadonlyArray<readonly number[]>,
): number[] {
  return actions.map((_, i) => {
    let mask = 1 << i;
    const stack = [i];
    while (stack.length > 0) {
      for (const j of implied[stack.pop()!] ?? []) {
        if ((mask & (1 << j)) === 0) {
          mask |= 1 << j;
          stack.push(j);
        }
      }
    }
    return mask;
  });
}

function compileType(name: string, t: unknown, path: string, fail: Fail): CompiledType {
  if (!isObject(t)) fail(path, 'a type must be an object');
  if (typeof t.kind !== 'string' || !KINDS.has(t.kind))
    fail(`${path}.kind`, 'must be one of page, asset, module, record');
  const kind = t.kind as TypeKind;
  const actions = stringList(t.actions, `${path}.actions`, fail);
  if (actions.length === 0 || actions.length > MAX_ACTIONS)
    fail(`${path}.actions`, `needs 1 to ${MAX_ACTIONS} actions`);
  const bits = new Map<string, number>();
  actions.forEach((a, i) => {
    if (bits.has(a)) fail(`${path}.actions[${i}]`, `duplicate action "${a}"`);
    bits.set(a, 1 << i);
  });
  const need = (list: string[], why: string) => {
    const missing = list.filter((a) => !bits.has(a));
    if (missing.length > 0) fail(`${path}.actions`, `${why} needs actions ${missing.join(', ')}`);
  };
  if (kind === 'asset')
    need(['view', 'share', 'edit', 'admin'], 'an asset type (sharing levels, MODEL A1)');
  if (kind === 'record') need(['read', 'write'], 'a record type (MODEL D3)');
  if (kind === 'page') need(['navigate'], 'the page type');
  const implied = (key: 'implies' | 'impliesAtTypeLevel'): number[][] => {
    const table: number[][] = actions.map(() => []);
    const src = t[key];
    if (src === undefined) return table;
    if (!isObject(src)) fail(`${path}.${key}`, 'must map actions to lists of actions');
    for (const [a, list] of Object.entries(src)) {
      const at = `${path}.${key}.${a}`;
      if (!bits.has(a)) fail(at, `"${a}" is not an action of ${name}`);
      stringList(list, at, fail).forEach((b, i) => {
        if (!bits.has(b)) fail(`${at}[${i}]`, `"${b}" is not an action of ${name}`);
        table[actions.indexOf(a)]!.push(actions.indexOf(b));
      });
    }
    return table;
  };
  const base = implied('implies');
  const extra = implied('impliesAtTypeLevel');
  const typeLevel = base.map((l, i) => [...l, ...(extra[i] ?? [])]);
  const env =
    t.environments === undefined
      ? undefined
      : new Set(stringList(t.environments, `${path}.environments`, fail));
  const lifecycle = new Map<string, TransitionDef>();
  if (t.lifecycle !== undefined) {
    if (!isObject(t.lifecycle)) fail(`${path}.lifecycle`, 'must map actions to transitions');
    for (const [a, tr] of Object.entries(t.lifecycle)) {
      const at = `${path}.lifecycle.${a}`;
      if (!bits.has(a)) fail(at, `"${a}" is not an action of ${name}`);
      if (!isObject(tr) || typeof tr.to !== 'string')
        fail(at, 'needs { from: string[], to: string }');
      lifecycle.set(a, { from: stringList(tr.from, `${at}.from`, fail), to: tr.to });
    }
  }
  const opt = (k: string): string | undefined => {
    const v = t[k];
    if (v !== undefined && typeof v !== 'string') fail(`${path}.${k}`, 'must be a string');
    return v as string | undefined;
  };
  const bitOf: Record<string, number> = {};
  for (const [a, b] of bits) bitOf[a] = b;
  return {
    name,
    kind,
    actions,
    bits,
    bitOf,
    full: (1 << actions.length) - 1,
    closure: closeOver(actions, base),
    typeClosure: closeOver(actions, typeLevel),
    viewPage: opt('viewPage'),
    editPage: opt('editPage'),
    environments: env,
    lifecycle,
    lookups: t.lookups === undefined ? [] : stringList(t.lookups, `${path}.lookups`, fail),
    container:
      t.container === true || (t.container === undefined && kind === 'asset' && name === 'folder'),
  };
}

function compilePages(pages: unknown, fail: Fail): Map<string, CompiledPage> {
  const out = new Map<string, CompiledPage>();
  if (pages === undefined) return out;
  if (!Array.isArray(pages)) fail('pages', 'must be a list');
  const defs = new Map<string, PageDef>();
  pages.forEach((p, i) => {
    if (!isObject(p) || typeof p.id !== 'string' || p.id === '')
      fail(`pages[${i}].id`, 'must be a non-empty string');
    if (defs.has(p.id)) fail(`pages[${i}].id`, `duplicate page "${p.id}" (MODEL K8)`);
    if (p.title !== undefined && typeof p.title !== 'string')
      fail(`pages[${i}].title`, 'must be a string');
    if (p.parent !== undefined && typeof p.parent !== 'string')
      fail(`pages[${i}].parent`, 'must be a page id');
    defs.set(p.id, p as unknown as PageDef);
  });
  pages.forEach((p: PageDef, i) => {
    const ancestors: string[] = [];
    for (let at = p.parent; at !== undefined; at = defs.get(at)?.parent) {
      if (!defs.has(at)) fail(`pages[${i}].parent`, `unknown page "${at}"`);
      if (at === p.id || ancestors.includes(at)) fail(`pages[${i}].parent`, 'pages form a cycle');
      ancestors.unshift(at);
      if (ancestors.length >= MAX_PAGE_DEPTH)
        fail(`pages[${i}].parent`, `pages nest at most ${MAX_PAGE_DEPTH} levels deep (MODEL N1)`);
    }
    out.set(p.id, { id: p.id, title: p.title ?? p.id, parent: p.parent, ancestors });
  });
  return out;
}

/**
 * Validates a grant against a schema; `fail` reports the JSON path. Used for
 * built-in bundles, worlds and operations alike.
 */
export function validateGrant(
  schema: Schema,
  g: unknown,
  path: string,
  fail: Fail,
): asserts g is Grant {
  if (!isObject(g)) fail(path, 'a grant must be an object');
  if (typeof g.type !== 'string') fail(`${path}.type`, 'must be a type name');
  const type = schema.types.get(g.type);
  if (type === undefined) fail(`${path}.type`, `unknown type "${g.type}"`);
  if (g.id !== undefined) {
    if (typeof g.id !== 'string' || g.id === '') fail(`${path}.id`, 'must be a non-empty string');
    if (type.kind === 'page' && !schema.pages.has(g.id))
      fail(`${path}.id`, `unknown page "${g.id}"`);
  }
  stringList(g.actions, `${path}.actions`, fail).forEach((a, i) => {
    if (!type.bits.has(a)) fail(`${path}.actions[${i}]`, `"${a}" is not an action of ${type.name}`);
  });
  if (g.env !== undefined) {
    stringList(g.env, `${path}.env`, fail).forEach((e, i) => {
      if (type.environments !== undefined && !type.environments.has(e))
        fail(`${path}.env[${i}]`, `"${e}" is not an environment of ${type.name}`);
    });
  }
  if (g.when !== undefined) validateCondition(g.when, `${path}.when`, fail);
}

function ruleOf(b: BuiltinBundleDef): string {
  if (b.rule !== undefined) return b.rule;
  const license = b.capsLicense ?? b.autoLicense;
  if (license !== undefined) return license === 'viewer' ? 'N5' : 'N6';
  if (b.systemManaged === true) return 'N11';
  return 'N4';
}

function findPage(
  pages: ReadonlyMap<string, CompiledPage>,
  given: string | undefined,
  title: string,
  path: string,
  fail: Fail,
) {
  if (given !== undefined) {
    if (!pages.has(given)) fail(path, `unknown page "${given}"`);
    return given;
  }
  const key = title.replace(/\s+/g, '').toLowerCase();
  for (const p of pages.values())
    if (
      p.title.replace(/\s+/g, '').toLowerCase() === key ||
      p.id.split('.').pop()?.toLowerCase() === key
    )
      return p.id;
  return undefined;
}

const DEFAULT_PAGE_TYPE: TypeDef = {
  kind: 'page',
  actions: ['navigate', 'edit'],
  implies: { edit: ['navigate'] },
};

/** Validates and compiles a schema declaration; throws `SchemaError` naming the JSON path. */
export function compileSchema<D extends SchemaDef>(input: unknown): Schema<D> {
  const fail: Fail = (path, message) => {
    throw new SchemaError(path, message);
  };
  if (!isObject(input)) fail('', 'a schema must be an object');
  if (input.name !== undefined && typeof input.name !== 'string') fail('name', 'must be a string');
  if (!isObject(input.types)) fail('types', 'must map type names to types');
  const pages = compilePages(input.pages, fail);
  const types = new Map<string, CompiledType>();
  for (const [name, t] of Object.entries(input.types)) {
    const ct = compileType(name, t, `types.${name}`, fail);
    if (ct.kind === 'page' && name !== 'page')
      fail(`types.${name}.kind`, 'the page type must be named "page"');
    if (name === 'page' && ct.kind !== 'page')
      fail(`types.${name}.kind`, 'the type "page" must be of kind page');
    types.set(name, ct);
  }
  if (!types.has('page'))
    types.set('page', compileType('page', DEFAULT_PAGE_TYPE, 'types.page', fail));
  for (const t of types.values()) {
    for (const k of ['viewPage', 'editPage'] as const)
      if (t[k] !== undefined && !pages.has(t[k]))
        fail(`types.${t.name}.${k}`, `unknown page "${t[k]}"`);
    t.lookups.forEach((l, i) => {
      if (types.get(l)?.kind !== 'record')
        fail(`types.${t.name}.lookups[${i}]`, `"${l}" is not a record type`);
    });
  }
  const containers = [...types.values()].filter((t) => t.container);
  if (containers.length > 1)
    fail(`types.${containers[1]!.name}.container`, 'only one folder type is allowed');
  if (containers[0] !== undefined && containers[0].kind !== 'asset')
    fail(`types.${containers[0].name}.container`, 'a folder type must be of kind asset');
  const admin = input.admin === undefined ? {} : input.admin;
  if (!isObject(admin)) fail('admin', 'must be an object');
  const schema: Schema<D> = {
    def: input as unknown as D,
    name: (input.name as string | undefined) ?? 'schema',
    types,
    pageType: types.get('page')!,
    pages,
    folderType: containers[0],
    builtins: [],
    bundlesPage: findPage(
      pages,
      admin.bundlesPage as string | undefined,
      'Permission Bundles',
      'admin.bundlesPage',
      fail,
    ),
    sharingSettingsPage: findPage(
      pages,
      admin.sharingSettingsPage as string | undefined,
      'Sharing Settings',
      'admin.sharingSettingsPage',
      fail,
    ),
    usersType: typeof admin.usersType === 'string' ? admin.usersType : 'user',
    mask(type, actions, typeLevel) {
      const table = typeLevel ? type.typeClosure : type.closure;
      let m = 0;
      for (const a of actions) {
        const i = type.actions.indexOf(a);
        if (i >= 0) m |= table[i]!;
      }
      return m;
    },
    actionsOf(type, mask) {
      return type.actions.filter((_, i) => (mask & (1 << i)) !== 0);
    },
  };
  const builtins: CompiledBuiltin[] = [];
  const raw = input.builtinBundles ?? [];
  if (!Array.isArray(raw)) fail('builtinBundles', 'must be a list');
  const seen = new Set<string>();
  raw.forEach((b, i) => {
    const at = `builtinBundles[${i}]`;
    if (!isObject(b) || typeof b.id !== 'string' || b.id === '')
      fail(`${at}.id`, 'must be a non-empty string');
    if (seen.has(b.id)) fail(`${at}.id`, `duplicate bundle "${b.id}" (MODEL K8)`);
    seen.add(b.id);
    if (!Array.isArray(b.grants)) fail(`${at}.grants`, 'must be a list of grants');
    b.grants.forEach((g, j) => {
      validateGrant(schema, g, `${at}.grants[${j}]`, fail);
    });
    const def = b as unknown as BuiltinBundleDef;
    if (def.navigationOnly === true && def.grants.some((g) => g.type !== 'page'))
      fail(`${at}.grants`, 'a navigation-only bundle holds page grants only (MODEL N4)');
    builtins.push({ ...def, rule: ruleOf(def) });
  });
  return { ...schema, builtins };
}
