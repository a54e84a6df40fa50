/**
 * Typed errors of Grantkit (CASL/TanStack style): every failure is a class
 * with a stable `code`; rule refusals name the MODEL rule and say what to do.
 */

/**
 * The brand that makes `instanceof` hold across copies of a class (the CJS and the ESM
 * build of one package loaded side by side: the dual-package hazard). Each branded
 * class's prototype answers it with its own key; `Symbol.for` is the same in every copy.
 */
const BRAND: unique symbol = Symbol.for('grantkit.error') as never;

/**
 * `x instanceof cls`, also for an instance of another copy of `cls` (CJS/ESM): true when
 * `x`'s prototype chain carries the brand key of `cls`. A subclass without its own brand
 * (defined outside this file) keeps the ordinary check.
 */
function branded(cls: { prototype: object }, x: unknown): boolean {
  if (Function.prototype[Symbol.hasInstance].call(cls, x)) return true;
  const key = Object.getOwnPropertyDescriptor(cls.prototype, BRAND)?.get?.call(cls.prototype);
  if (key === undefined) return false;
  for (let p = x; typeof p === 'object' && p !== null; p = Object.getPrototypeOf(p))
    if (Object.getOwnPropertyDescriptor(p, BRAND)?.get?.call(p) === key) return true;
  return false;
}

/**
 * Base class of every error Grantkit throws. `instanceof` holds across the CJS and ESM
 * builds (one error, one class, whichever build threw it).
 *
 * @example
 * try {
 *   model.apply('sam', { op: 'deleteAsset', args: { asset: 'nope' } });
 * } catch (e) {
 *   if (e instanceof GrantkitError) console.log(e.code); // 'INVALID_INPUT'
 * }
 */
export class GrantkitError extends Error {
  /** Stable machine-readable code. */
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.code = code;
    this.name = new.target.name;
  }
  /** @internal */
  get [BRAND](): string {
    return 'core:GrantkitError';
  }
  /** `instanceof` across the CJS and ESM builds (see `BRAND`). */
  static override [Symbol.hasInstance](x: unknown): boolean {
    // biome-ignore lint/complexity/noThisInStatic: `this` is the class checked (a subclass too)
    return branded(this, x);
  }
}

/** A schema (typed or JSON) that breaks the schema format; `path` names the JSON path. */
export class SchemaError extends GrantkitError {
  readonly path: string;
  /** @internal */
  override get [BRAND](): string {
    return 'core:SchemaError';
  }
  constructor(path: string, message: string) {
    super('SCHEMA_INVALID', `invalid schema at ${path || '(root)'}: ${message}`);
    this.path = path;
  }
}

/**
 * What is wrong with an input, as a typed field (so callers never match message text):
 * - `malformed`: wrong type, shape, value or an unknown key;
 * - `bound`: a structural bound was breached (depth, length, size, budget; see `INPUT_BOUNDS`);
 * - `unknown-op`: no such operation;
 * - `unknown-id`: a well-formed id that names nothing (see {@link UnknownIdError}).
 */
export type InputProblem = 'malformed' | 'bound' | 'unknown-op' | 'unknown-id';

/**
 * Malformed or unknown input (op, argument, id, world); `path` names the field once
 * (`args.rule.advice[0].values[0]`) and `problem` says what kind of problem it is.
 *
 * @example
 * try {
 *   model.apply('sam', { op: 'share', args: { asset: 'q3', user: 'cat', level: 'owner' } });
 * } catch (e) {
 *   if (e instanceof InvalidInputError) console.log(e.path, e.problem); // 'args.level' 'malformed'
 * }
 */
export class InvalidInputError extends GrantkitError {
  readonly path: string;
  readonly problem: InputProblem;
  /** @internal */
  override get [BRAND](): string {
    return 'core:InvalidInputError';
  }
  constructor(path: string, message: string, problem: InputProblem = 'malformed') {
    super('INVALID_INPUT', `invalid input at ${path || '(root)'}: ${message}`);
    this.path = path;
    this.problem = problem;
  }
}

/**
 * A well-formed id that names nothing in the world (an unknown user, bundle, group, asset
 * or record): `kind` says what was looked for, `id` what was given. HTTP answers 404.
 *
 * @example
 * try {
 *   model.apply('sam', { op: 'deleteAsset', args: { asset: 'nope' } });
 * } catch (e) {
 *   if (e instanceof UnknownIdError) console.log(e.kind, e.id); // 'asset' 'nope'
 * }
 */
export class UnknownIdError extends InvalidInputError {
  readonly kind: string;
  readonly id: string;
  /** @internal */
  override get [BRAND](): string {
    return 'core:UnknownIdError';
  }
  constructor(path: string, kind: string, id: string) {
    super(path, `unknown ${kind} ${JSON.stringify(id)}`, 'unknown-id');
    this.kind = kind;
    this.id = id;
  }
}

/** The MODEL rule ids an administrative operation can be refused with. */
export type RuleId =
  | 'K7'
  | 'K8'
  | 'N4'
  | 'N5'
  | 'N6'
  | 'N9'
  | 'N10'
  | 'N11'
  | 'A3'
  | 'A4'
  | 'A7'
  | 'A8'
  | 'A10'
  | 'A11'
  | 'D5'
  | 'D6'
  | 'D8'
  | 'E2'
  | 'E3'
  | 'R3'
  | 'W2'
  | (string & {});

/** What a refusal carries besides its message. */
export interface RuleViolationInit {
  rule: RuleId;
  op: string;
  actor: string;
  /** Why it was refused. */
  reason: string;
  /** What to do instead. */
  fix: string;
}

/**
 * Where the MODEL rules are defined that every refusal cites (`MODEL A7`): the spec in the
 * Grantkit repository. The one place the link is spelled; READMEs link the same file.
 *
 * @example
 * import { MODEL_SPEC } from '@grantkit/core';
 * console.log(`rule A7 is in ${MODEL_SPEC}`); // 'rule A7 is in spec/MODEL.md'
 */
export const MODEL_SPEC = 'spec/MODEL.md';

/**
 * An administrative operation refused by a MODEL rule (MODEL R4). Nothing was
 * changed. The message starts with `MODEL <rule>: `, says what to do and ends with
 * where the rule is defined (`(spec/MODEL.md)`, {@link MODEL_SPEC}).
 *
 * @example
 * try {
 *   model.apply('bob', { op: 'share', args: { asset: 'q3', user: 'bob', level: 'admin' } });
 * } catch (e) {
 *   if (e instanceof RuleViolationError) console.log(e.rule, e.message); // 'A7' 'MODEL A7: … (spec/MODEL.md)'
 * }
 */
export class RuleViolationError extends GrantkitError {
  readonly rule: RuleId;
  readonly op: string;
  readonly actor: string;
  /** @internal */
  override get [BRAND](): string {
    return 'core:RuleViolationError';
  }
  constructor({ rule, op, actor, reason, fix }: RuleViolationInit) {
    super('RULE_VIOLATION', `MODEL ${rule}: ${reason}. ${fix} (${MODEL_SPEC})`);
    this.rule = rule;
    this.op = op;
    this.actor = actor;
  }
}
