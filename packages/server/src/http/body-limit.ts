/**
 * The body limit of `POST /ops/<op>`: Hono's `bodyLimit`, judged by `Content-Length` alone
 * when the request has one (and no `Transfer-Encoding`), as `bodyLimit` itself does, but
 * without reading `request.body` first. On `@hono/node-server` that read turns the light
 * request into a full Fetch `Request` (a web stream, an `AbortSignal`): about 5 % of an admin
 * op's CPU. A streamed body (chunked, no length) is counted by `bodyLimit` as before.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';

/** Options of {@link limitBody}. */
export interface BodyLimit {
  /** Largest accepted body in bytes. */
  readonly maxSize: number;
  /** The answer to a larger body. */
  readonly onError: (c: Context) => Response | Promise<Response>;
}

/**
 * A middleware that answers `onError` for a body over `maxSize` bytes.
 *
 * @example
 * ```ts
 * app.post('/ops/:op', limitBody({ maxSize: 256 * 1024, onError: () => new Response(null, { status: 413 }) }), handler);
 * ```
 */
export function limitBody(options: BodyLimit): MiddlewareHandler {
  const streamed = bodyLimit(options);
  return async (c, next) => {
    const length = c.req.header('content-length');
    if (length === undefined || c.req.header('transfer-encoding') !== undefined)
      return streamed(c, next);
    if (Number.parseInt(length, 10) > options.maxSize) return options.onError(c);
    await next();
  };
}
