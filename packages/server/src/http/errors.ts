/**
 * Every error answer of the server has one shape:
 * `{ "error": { "code", "message", "rule"?, "field"? } }`.
 */
import { GrantkitError, InvalidInputError, RuleViolationError } from '@grantkit/core';
import { StorageUnavailableError, UnknownTenantError } from '../storage/types.ts';

/** The error codes of the HTTP protocol. */
export type ErrorCode =
  | 'unauthenticated'
  | 'forbidden'
  | 'rule'
  | 'conflict'
  | 'invalid'
  | 'not_found'
  | 'too_large'
  | 'unavailable'
  | 'internal';

/** The JSON body of an error answer. */
export interface ErrorBody {
  readonly error: {
    readonly code: ErrorCode;
    readonly message: string;
    readonly rule?: string;
    readonly field?: string;
  };
}

const STATUS: Record<ErrorCode, number> = {
  unauthenticated: 401,
  forbidden: 403,
  rule: 403,
  conflict: 409,
  invalid: 400,
  not_found: 404,
  too_large: 413,
  unavailable: 503,
  internal: 500,
};

/** A JSON error answer. */
export function errorResponse(
  code: ErrorCode,
  message: string,
  extra: { rule?: string; field?: string; headers?: Record<string, string> } = {},
): Response {
  const body: ErrorBody = {
    error: {
      code,
      message,
      ...(extra.rule === undefined ? {} : { rule: extra.rule }),
      ...(extra.field === undefined ? {} : { field: extra.field }),
    },
  };
  return new Response(JSON.stringify(body), {
    status: STATUS[code],
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'no-store',
      ...extra.headers,
    },
  });
}

/** Maps a thrown error to its answer: model refusals, bad input, unknown ids, database trouble. */
export function responseForError(error: unknown): Response {
  if (error instanceof RuleViolationError) {
    // MODEL K8 (a duplicate id) is a conflict; every other refusal is forbidden, naming its rule.
    return errorResponse(error.rule === 'K8' ? 'conflict' : 'rule', error.message, {
      rule: error.rule,
    });
  }
  if (error instanceof InvalidInputError) {
    if (error.path === 'actor')
      return errorResponse(
        'forbidden',
        `${error.message}: the caller is not a user of this tenant`,
      );
    // Unknown users, bundles, groups, assets, records → 404; unknown types, pages, actions are a bad body.
    const unknownId = /: unknown (?!type\b|page\b|operation\b|action\b)/.test(error.message);
    const field =
      error.path === ''
        ? 'args'
        : error.path.startsWith('args')
          ? error.path
          : `args.${error.path}`;
    return errorResponse(unknownId ? 'not_found' : 'invalid', error.message, { field });
  }
  if (error instanceof StorageUnavailableError)
    return errorResponse(
      'unavailable',
      'the database is unavailable; nothing was changed, try again',
      {
        headers: { 'retry-after': '1' },
      },
    );
  if (error instanceof UnknownTenantError) return errorResponse('not_found', error.message);
  if (error instanceof GrantkitError) return errorResponse('invalid', error.message);
  return errorResponse('internal', 'internal error');
}
