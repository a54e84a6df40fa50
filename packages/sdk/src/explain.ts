/**
 * `explainTexts()`: full explanation texts (MODEL K6). Without it, a ready client's
 * `explain` gives the answer and a short reason (`needs edit on dashboard “Q3”`); with
 * it, every source of the grant and what the user has (`needs edit on dashboard “Q3”;
 * you have view`, `view on dashboard “Q3”: allowed by share (view) from ann`).
 */
import { explainFull } from '@grantkit/core/snapshot';
import type { GrantkitPlugin } from './plugin.ts';

/**
 * Makes `client.explain` (and the reasons `@grantkit/react` shows) give the full
 * explanation texts, with the sources of each grant.
 *
 * @example
 * ```ts
 * import { createGrantkitClient } from '@grantkit/sdk';
 * import { explainTexts } from '@grantkit/sdk/explain';
 *
 * const client = createGrantkitClient({ baseUrl: '/grantkit', tenant: 'acme', userId: 'ann', plugins: [explainTexts()] });
 * client.explain('edit', { type: 'dashboard', id: 'q3' }).message; // 'needs edit on dashboard “q3”; you have view'
 * ```
 */
export function explainTexts(): GrantkitPlugin {
  return { name: 'explain', explain: explainFull };
}
