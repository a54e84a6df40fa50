/**
 * `@grantkit/react`: `<GrantkitProvider>`, `<Can>`, `useCan` and the greyed-out action
 * wrapper. They land with the React issue; this entry point exists so the workspace
 * builds and checks it already.
 *
 * @packageDocumentation
 */
export {};
