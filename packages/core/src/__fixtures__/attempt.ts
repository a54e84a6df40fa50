/** A test helper for admin ops: the outcome of one op, asserting a refusal changed nothing. */
import { expect } from 'vitest';
import { InvalidInputError, RuleViolationError } from '../errors.ts';
import type { Model } from '../model/model.ts';

/** 'ok', the MODEL rule of a refusal, or 'input'; a refusal must leave the world as it was. */
export function attempt(
  m: Model,
  actor: string,
  op: string,
  args: Record<string, unknown>,
): string {
  const before = JSON.stringify(m.toWorld());
  const revision = m.revision;
  try {
    m.apply(actor, { op, args });
    return 'ok';
  } catch (e) {
    expect(JSON.stringify(m.toWorld())).toBe(before);
    expect(m.revision).toBe(revision);
    if (e instanceof RuleViolationError) return e.rule;
    if (e instanceof InvalidInputError) return 'input';
    throw e;
  }
}
