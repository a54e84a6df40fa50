/**
 * Permission attributes of a record type (MODEL D6, D11): the user attributes its rules'
 * criteria and the record fields its rules' advice may name. An empty list accepts any name.
 */
import { criteriaAttributes } from '../schema/criteria.ts';
import { isObject } from '../schema/is-object.ts';
import {
  ATTRIBUTE_SOURCES,
  type AttributeInput,
  type AttributeSource,
  MAX_PERMISSION_ATTRIBUTES,
  type SharingRule,
} from './state.ts';
import { failInput } from './world.ts';

/** Reads a world's attribute list (a bare name is a user attribute), naming the JSON path of a problem. */
export function loadAttributes(v: unknown, path: string): Map<string, AttributeSource> {
  const out = new Map<string, AttributeSource>();
  if (v === undefined) return out;
  if (!Array.isArray(v)) failInput(path, 'must be a list of { name, source }');
  v.forEach((a, i) => {
    const at = `${path}[${i}]`;
    const name = typeof a === 'string' ? a : isObject(a) ? a.name : undefined;
    const source = typeof a === 'string' ? 'user' : isObject(a) ? a.source : undefined;
    if (typeof name !== 'string' || name === '') failInput(at, 'must name an attribute');
    if (!ATTRIBUTE_SOURCES.includes(source as AttributeSource))
      failInput(`${at}.source`, `must be one of ${ATTRIBUTE_SOURCES.join(', ')}`);
    if (out.has(name)) failInput(at, `duplicate attribute "${name}" (MODEL K8)`);
    out.set(name, source as AttributeSource);
  });
  if (out.size > MAX_PERMISSION_ATTRIBUTES)
    failInput(path, `at most ${MAX_PERMISSION_ATTRIBUTES} permission attributes (MODEL D6)`);
  return out;
}

/** An attribute list as world data, sorted by name (for `toWorld`). */
export function attributesWorld(list: ReadonlyMap<string, AttributeSource>): AttributeInput[] {
  return [...list]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, source]) => ({ name, source }));
}

/** The names a rule uses: user attributes of its criteria and record fields of its advice. */
export function ruleNames(rule: SharingRule): { user: Set<string>; resource: Set<string> } {
  return {
    user: criteriaAttributes(rule.criteria, new Set()),
    resource: new Set((rule.advice ?? []).map((a) => a.field)),
  };
}

/**
 * MODEL D11: the first name a rule uses that the list lacks (with its source), or undefined.
 * An empty list accepts any name.
 */
export function unlistedName(
  list: ReadonlyMap<string, AttributeSource>,
  rule: SharingRule,
): { name: string; source: AttributeSource } | undefined {
  if (list.size === 0) return undefined;
  const names = ruleNames(rule);
  for (const source of ATTRIBUTE_SOURCES)
    for (const name of names[source]) if (list.get(name) !== source) return { name, source };
  return undefined;
}
