/**
 * What the Sharing Settings screens call things: record types by their titles, people by
 * their names, and who may change the settings (MODEL D8, A11), as sentences.
 */
import { type Criteria, createModel, loadSchema } from '@grantkit/core';
import { useCheck } from '@grantkit/react';
import type { WorldGroup, WorldRecordType, WorldUser } from '../../api';
import { userName } from '../../names';
import { PAGE, schemaDef } from '../../schema';
import { useSession } from '../session';

const TITLES: Record<string, { one: string; many: string }> = {
  relationshipType: { one: 'relationship type', many: 'Relationship types' },
  relationship: { one: 'relationship', many: 'Relationships' },
  cta: { one: 'CTA', many: 'CTAs' },
};

/** "CTAs" for `cta`; an unknown type in words ("successPlan" → "Success plan records"). */
export const typeTitle = (type: string): string =>
  TITLES[type]?.many ??
  `${type
    .replace(/([a-z])([A-Z])/g, (_, a: string, b: string) => `${a} ${b.toLowerCase()}`)
    .replace(/^./, (c) => c.toUpperCase())} records`;

/** "CTA" for `cta`. */
export const typeOne = (type: string): string => TITLES[type]?.one ?? type;

/** A person's name; the world's `name` attribute when the seed does not know them. */
export const personName = (u: WorldUser | string): string => {
  if (typeof u === 'string') return userName(u);
  const n = u.attributes?.name;
  return userName(u.id) !== u.id ? userName(u.id) : typeof n === 'string' ? n : u.id;
};

/** An email address to search by: the `email` attribute, else `<id>@acme.example`. */
export const emailOf = (u: WorldUser): string => {
  const e = u.attributes?.email;
  return typeof e === 'string' ? e : `${u.id}@acme.example`;
};

/** "Eve East, Eli East and 3 more". */
export function namesList(ids: readonly string[], max = 6): string {
  const names = ids.map((id) => personName(id));
  if (names.length === 0) return 'nobody';
  if (names.length <= max)
    return names.length === 1 ? names[0]! : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
  return `${names.slice(0, max).join(', ')} and ${names.length - max} more`;
}

/** The reason while permissions load (greyed as loading, never as a denial). */
export const CHECKING = 'checking your permissions…';

/** Why the signed-in user may not change sharing settings now (`undefined`: they may). */
export function useChangeBlock(): string | undefined {
  const { api } = useSession();
  const { state } = useCheck('navigate', { type: 'page', id: PAGE.sharing });
  if (api.viewAs !== undefined)
    return `you are viewing as ${userName(api.viewAs)}, and nothing can be changed while viewing as someone`;
  if (state === 'pending') return CHECKING;
  if (state === 'denied') return 'only sharing admins change sharing settings';
  return undefined;
}

const schema = loadSchema(schemaDef);

/**
 * Who a criteria reaches now, by core's own rules (a probe group: group rules admit any
 * licence, MODEL N8): ids, or an error message for criteria core refuses.
 */
export function previewMembers(
  users: readonly WorldUser[],
  groups: readonly WorldGroup[],
  rule: Criteria | undefined,
  manual: readonly string[] = [],
): { ids: string[] } | { error: string } {
  try {
    const probe: WorldGroup = { id: 'PREVIEW0', members: [...manual], ...(rule ? { rule } : {}) };
    const model = createModel(schema, {
      users,
      groups: [...groups.filter((g) => g.id !== probe.id), probe],
    });
    return { ids: model.members({ group: probe.id }) };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

/** Every group's members now (manual and by rule), by core's rules. */
export function groupMembers(
  users: readonly WorldUser[] | undefined,
  groups: readonly WorldGroup[] | undefined,
): Map<string, string[]> | undefined {
  if (!users || !groups) return undefined;
  try {
    const model = createModel(schema, { users, groups });
    return new Map(groups.map((g) => [g.id, model.members({ group: g.id })]));
  } catch {
    return undefined;
  }
}

/** The permission attributes of a record type as `{ name, source }` (a bare name is a user attribute). */
export const attributesOf = (rt: WorldRecordType | undefined) =>
  (rt?.attributes ?? []).map((a) =>
    typeof a === 'string' ? { name: a, source: 'user' as const } : a,
  );

/** At most this many permission attributes per record type (MODEL D6). */
export const MAX_ATTRIBUTES = 20;

const criteriaNames = (c: unknown, into: Set<string>): Set<string> => {
  const x = c as Record<string, unknown> | undefined;
  if (!x || typeof x !== 'object') return into;
  if (typeof x.attr === 'string') into.add(x.attr);
  for (const k of ['all', 'any'] as const)
    if (Array.isArray(x[k])) for (const y of x[k] as unknown[]) criteriaNames(y, into);
  if (x.not) criteriaNames(x.not, into);
  if (x.where) for (const y of Object.values(x.where as object)) criteriaNames(y, into);
  return into;
};

/** The names a rule uses: user attributes in its criteria, record fields in its advice (MODEL D11). */
export const ruleUses = (rule: {
  criteria?: unknown;
  advice?: readonly { field: string }[];
}): { user: Set<string>; resource: Set<string> } => ({
  user: criteriaNames(rule.criteria, new Set()),
  resource: new Set((rule.advice ?? []).map((a) => a.field)),
});
