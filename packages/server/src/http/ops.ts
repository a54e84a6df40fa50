/**
 * `POST /ops/<op>`: one admin operation per request, body = the op's args, parsed with
 * core's one definition of them (`parseOpArgs`: bounds, then types) before any lock is
 * taken. Errors are thrown to the app's `onError`, which answers by their type and logs
 * the unexpected ones with the request id.
 */
import { isOpName, OP_ARGS } from '@grantkit/core';
import { runOp } from '../api.ts';
import type { Tenant } from '../tenants/registry.ts';
import { errorResponse } from './errors.ts';

/** Runs an op for the caller: 200 `{ revision, audit }`, or an error answer. */
export async function postOp(
  tenant: Tenant,
  request: Request,
  userId: string,
  op: string,
): Promise<Response> {
  if (!isOpName(op))
    return errorResponse(
      'not_found',
      `unknown op ${JSON.stringify(op.slice(0, 64))}; the ops are ${Object.keys(OP_ARGS).join(', ')}`,
    );
  const text = await request.text();
  let body: unknown = {};
  if (text.trim() !== '') {
    try {
      body = JSON.parse(text);
    } catch (error) {
      return errorResponse('invalid', `the body is not valid JSON: ${(error as Error).message}`, {
        field: 'body',
      });
    }
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return errorResponse('invalid', `the body must be a JSON object with the args of ${op}`, {
      field: 'args',
    });
  const viewAs = new URL(request.url).searchParams.get('viewAs') ?? undefined;
  // The same function as the in-process `app.grants.apply`.
  const result = await runOp(tenant, userId, op, body, viewAs);
  return new Response(JSON.stringify(result), {
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
  });
}
