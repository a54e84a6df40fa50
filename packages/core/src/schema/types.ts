/**
 * The shape of a schema as a host declares it (typed with `defineSchema` or
 * loaded from JSON), and the grant / criteria / condition value types that
 * schemas and worlds share.
 */

/** How a resource type behaves: navigation pages, shareable assets, plain modules, or records. */
export type TypeKind = 'page' | 'asset' | 'module' | 'record';

/** The comparison operators of criteria, conditions and advice (FORMAT.md). */
export const COMPARE_OPS = [
  '=',
  '!=',
  'in',
  'contains',
  'startsWith',
  '>',
  '>=',
  '<',
  '<=',
] as const;
/** A comparison operator of criteria, conditions and advice (FORMAT.md). */
export type CompareOp = (typeof COMPARE_OPS)[number];

/** Criteria about a user (who a rule applies to). */
export type Criteria =
  | { readonly attr: string; readonly op: CompareOp; readonly value: unknown }
  | { readonly userGroup: readonly string[] }
  | { readonly all: readonly Criteria[] }
  | { readonly any: readonly Criteria[] }
  | { readonly not: Criteria }
  | { readonly logic: string; readonly where: Readonly<Record<string, Criteria>> };

/** A condition about a record (MODEL R2): compare a field with a value or with the checking user's own value. */
export type Condition =
  | { readonly field: string; readonly op: CompareOp; readonly value: unknown }
  | { readonly field: string; readonly op: CompareOp; readonly user: string }
  | { readonly all: readonly Condition[] }
  | { readonly any: readonly Condition[] }
  | { readonly not: Condition };

/** A grant: `(type, optional id, actions, optional environments, optional condition)`. */
export interface Grant {
  readonly type: string;
  readonly id?: string;
  readonly actions: readonly string[];
  readonly env?: readonly string[];
  readonly when?: Condition;
}

/** A lifecycle transition of a type (MODEL E2): the action moves a resource `from` one of these states `to` another. */
export interface TransitionDef {
  readonly from: readonly string[];
  readonly to: string;
}

/** One resource type of a schema. */
export interface TypeDef {
  readonly kind: TypeKind;
  readonly actions: readonly string[];
  /** `a: [b, c]`: holding a implies b and c (MODEL K4, transitive). */
  readonly implies?: Readonly<Record<string, readonly string[]>>;
  /** Implications that hold only for type-level ("module level") grants (MODEL N13). */
  readonly impliesAtTypeLevel?: Readonly<Record<string, readonly string[]>>;
  /** Assets: the page whose navigators public levels reach for viewing (MODEL A2). */
  readonly viewPage?: string;
  /** Assets: the builder page (public-view-edit, createAsset, Home/Uncategorized; MODEL A2, A5, A10a). */
  readonly editPage?: string;
  /** Environments resources of this type live in (MODEL E1). */
  readonly environments?: readonly string[];
  /** Lifecycle transitions keyed by action (MODEL E2). */
  readonly lifecycle?: Readonly<Record<string, TransitionDef>>;
  /** Records: the record types this one looks up, nearest first (MODEL D4). */
  readonly lookups?: readonly string[];
  /** Assets: this type is the folder type that holds other assets (default: the asset type named `folder`). */
  readonly container?: boolean;
}

/** A navigation page (MODEL N1). */
export interface PageDef {
  readonly id: string;
  readonly title?: string;
  readonly parent?: string;
}

/** A built-in bundle and its protections (MODEL N4–N6, N11). */
export interface BuiltinBundleDef {
  readonly id: string;
  readonly grants: readonly Grant[];
  /** Holds page grants only (MODEL N4). */
  readonly navigationOnly?: boolean;
  /** `false`: cannot be deleted. */
  readonly deletable?: boolean;
  /** Cannot be changed (grants or members). */
  readonly immutable?: boolean;
  /** Every user with this license is a member, automatically and only so. */
  readonly autoLicense?: string;
  /** Users with this license get no more than this bundle's grants (MODEL N5, N5a, N6). */
  readonly capsLicense?: string;
  /** Accepts no manual members (MODEL N11). */
  readonly systemManaged?: boolean;
  /** The MODEL rule its refusals cite (default: derived from the flags). */
  readonly rule?: string;
}

/** Where the administrative authorities of the schema live (defaults follow the Gainsight names). */
export interface AdminDef {
  /** Page whose navigators manage bundles (MODEL N10); default: the page titled "Permission Bundles". */
  readonly bundlesPage?: string;
  /** Page whose navigators manage sharing settings and groups (MODEL D8); default: the page titled "Sharing Settings". */
  readonly sharingSettingsPage?: string;
  /** Type whose `edit` makes a user manager (MODEL R3); default `user`. */
  readonly usersType?: string;
}

/** A whole schema declaration. */
export interface SchemaDef {
  readonly name?: string;
  readonly pages?: readonly PageDef[];
  readonly types: Readonly<Record<string, TypeDef>>;
  readonly builtinBundles?: readonly BuiltinBundleDef[];
  readonly admin?: AdminDef;
}

/** The actions of the implicit page type when a schema declares none. */
export type DefaultPageActions = 'navigate' | 'edit';

/** Resource type names a schema declares (plus `page`). */
export type TypeName<D extends SchemaDef> = Extract<keyof D['types'], string> | 'page';

/** The action names valid for type `T` of schema `D`. */
export type ActionOf<D extends SchemaDef, T extends string> = T extends keyof D['types']
  ? D['types'][T]['actions'][number]
  : T extends 'page'
    ? DefaultPageActions
    : never;

/** A resource a check is about. No `id`: the type as a whole (or, with `env`, every resource of the type in that environment). */
export interface ResourceRef<T extends string = string> {
  readonly type: T;
  readonly id?: string | undefined;
  readonly env?: string | undefined;
  readonly fields?: Readonly<Record<string, unknown>> | undefined;
}
