/**
 * Escalation figures (issue 10): the escalation search of `@grantkit/core`'s tests
 * (packages/core/src/security), run with the same generator, seed and length: random
 * operation sequences by users who are not super admins over generated worlds, every
 * permission gain judged against MODEL. `GRANTKIT_ESCALATION_RUNS` runs more.
 */
import { gainsight } from '../packages/core/src/__fixtures__/shared.ts';
import { search } from '../packages/core/src/security/search.ts';
import type { Harness } from './harness.ts';

export default async function escalation(h: Harness): Promise<void> {
  const numRuns = Number(process.env.GRANTKIT_ESCALATION_RUNS ?? 10_000);
  const seed = Number(process.env.GRANTKIT_ESCALATION_SEED ?? 20261126);
  const started = performance.now();
  const r = search({ schema: gainsight(), numRuns, seed, maxSteps: 5 });
  const seconds = (performance.now() - started) / 1000;
  h.figure('security.escalation.sequences', r.tally.sequences, 'seqs', '>= 10000');
  h.figure('security.escalation.found', r.escalations, 'seqs', '0');
  h.figure('security.escalation.steps', r.tally.steps, 'ops');
  h.figure('security.escalation.accepted', r.tally.accepted, 'ops');
  h.figure('security.escalation.s', seconds, 's');
}
