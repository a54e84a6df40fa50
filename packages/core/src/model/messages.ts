/**
 * The sentences of explanations (MODEL K6), shared by the model's `explain` and the snapshot
 * evaluator so both say the same thing in the same words. Each builder is its own export:
 * a browser bundle keeps only those it calls.
 */
import { describe, quote, type Reason } from './reason.ts';

/** MODEL A11: the rule a refused view-as breaks. */
export const VIEW_AS_RULE = 'only an active super admin may view as another user (MODEL A11)';

/** What a check is about: `every engagement in staging`, `dashboard “Q3 Revenue”`. */
export const targetOf = (
  type: string,
  id: string | undefined,
  env: string | undefined,
  title: string,
): string =>
  id === undefined
    ? `every ${type}${env === undefined ? '' : ` in ${env}`}`
    : `${type} ${quote(title)}`;

/** A check on a type the schema does not have. */
export const unknownType = (type: string): string => `unknown resource type ${quote(type)}`;

/** A check of an action the type does not have. */
export const noSuchAction = (type: string, action: string, actions: readonly string[]): string =>
  `${type} has no action ${quote(action)} (it has ${actions.join(', ')})`;

/** MODEL K3: allowed because the user is a super admin. */
export const allowedAsSuperAdmin = (action: string, target: string, who: string): string =>
  `${action} on ${target}: allowed, ${who} is a super admin (MODEL K3)`;

/** Allowed, and what allows it. */
export const allowedBy = (action: string, target: string, reasons: readonly Reason[]): string =>
  `${action} on ${target}: allowed by ${reasons.map(describe).join('; ') || 'its grants'}`;

/** Denied: the action needed, the actions held and the license cap, if any (MODEL N5). */
export const needs = (
  action: string,
  target: string,
  held: readonly string[],
  cap: string | undefined,
): string =>
  `needs ${action} on ${target}; you have ${held.join(', ') || 'nothing'}${cap === undefined ? '' : ` (capped by ${cap}, MODEL N5)`}`;
