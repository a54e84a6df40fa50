/**
 * Page access as a sentence (issue 13): "You may open Timeline: your Viewer Analytics Licence
 * gives it." instead of core's raw explain text; the raw text stays behind "Why?" (MODEL K6).
 */
import type { Explanation, Reason } from '@grantkit/core';
import { bundleTitle } from './bundleNames';
import { humanize } from './schema';

/** An action as a verb: `navigate` → "open". */
const verb = (action: string): string => (action === 'navigate' ? 'open' : humanize(action));

/** Who or what gives the user an action, in words: "your Viewer Licence", "you are a super admin". */
export function reasonPhrase(r: Reason): string {
  switch (r.kind) {
    case 'superAdmin':
      return 'you are a super admin';
    case 'bundle': {
      const b = bundleTitle(r.bundle);
      if (r.via === 'license') return `your ${b} gives it`;
      if (r.via === 'group') return `the ${b} bundle of your group “${r.group ?? ''}” gives it`;
      if (r.via === 'rule') return `the ${b} bundle, given to you by a rule, gives it`;
      return `the ${b} bundle given to you gives it`;
    }
    case 'direct':
      return 'it was granted to you on this page';
    default:
      return 'you were given access';
  }
}

/**
 * The sentence for an answer about a page: `what` is the verb phrase ("open Timeline",
 * "edit data on Timeline").
 *
 * @example
 * pageAccessSentence('open Timeline', explanation); // 'You may open Timeline: your Viewer Licence gives it.'
 */
export function pageAccessSentence(what: string, e: Explanation): string {
  if (e.allowed) {
    const phrases = [...new Set(e.reasons.map(reasonPhrase))];
    const why = phrases.length > 0 ? `: ${phrases.join('; ')}` : '';
    return `You may ${what}${why}.`;
  }
  const have = e.missing?.have ?? [];
  if (have.length === 0) return `You may not ${what}: none of your bundles gives it.`;
  return `You may not ${what}: you may only ${have.map(verb).join(' and ')} it.`;
}
