/**
 * Checks shared by the world loaders: the error every one of them throws, naming the JSON
 * path, and what they validate items with, paths built only when an item fails.
 */
import { InvalidInputError } from '../errors.ts';
import type { Fail } from '../schema/criteria.ts';

/** Throws `InvalidInputError` naming the JSON path of the input that fails. */
export const failInput: Fail = (path, message) => {
  throw new InvalidInputError(path, message);
};

/**
 * The JSON path of `list[i]`, or of its field `key`: built only when an item fails, so that
 * loading a world of thousands of items makes no path strings (MODEL K8 and A4 errors name them).
 */
export const itemPath = (list: string, i: number, key?: string): string =>
  key === undefined ? `${list}[${i}]` : `${list}[${i}].${key}`;

/** A non-empty string at `list[i].key`; optional: `undefined` passes. */
export function strAt(
  v: unknown,
  list: string,
  i: number,
  key: string,
  optional: true,
): string | undefined;
export function strAt(v: unknown, list: string, i: number, key: string, optional?: false): string;
export function strAt(v: unknown, list: string, i: number, key: string, optional = false) {
  if (v === undefined && optional) return undefined;
  if (typeof v !== 'string' || v === '')
    failInput(itemPath(list, i, key), 'must be a non-empty string');
  return v;
}

/**
 * Whether following `next` from `start` comes back to a step already taken (a cycle), by
 * Floyd's tortoise and hare: no set of visited steps is built.
 */
export function loops<T>(start: T, next: (x: T) => T | undefined): boolean {
  let slow = start;
  let fast: T | undefined = start;
  for (;;) {
    fast = next(fast);
    if (fast === undefined) return false;
    fast = next(fast);
    if (fast === undefined) return false;
    slow = next(slow)!; // behind `fast` on the same path
    if (slow === fast) return true;
  }
}

/** Whether every element of `v` is a string. */
export function strings(v: readonly unknown[]): boolean {
  for (let i = 0; i < v.length; i++) if (typeof v[i] !== 'string') return false;
  return true;
}

/** A non-empty string at `path`; optional: `undefined` passes. */
export function str(v: unknown, path: string, optional: true): string | undefined;
export function str(v: unknown, path: string, optional?: false): string;
export function str(v: unknown, path: string, optional = false): string | undefined {
  if (v === undefined && optional) return undefined;
  if (typeof v !== 'string' || v === '') failInput(path, 'must be a non-empty string');
  return v;
}
