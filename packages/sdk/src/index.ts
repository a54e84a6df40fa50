/**
 * `@grantkit/sdk`: the browser client that syncs and caches the signed-in user's grant
 * snapshot and answers checks synchronously. Its API (`createGrantkitClient`) lands with
 * the SDK issue; this entry point exists so the workspace builds and checks it already.
 *
 * @packageDocumentation
 */
export {};
