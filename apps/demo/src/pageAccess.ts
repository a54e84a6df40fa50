/**
 * Page access as a sentence (issue 13): "You may open Timeline: your Viewer Analytics Licence
 * gives it." instead of core's raw explain text; the raw text stays behind "Why?" (MODEL K6).
 */
import type { Explanation, Reason } from '@grantkit/core';
import { bundleTitle } from './bundleNames';
import { humanize } from './schema';

/** An action as a verb: `navigate` → "open". */
const verb = (action: string): string => (action === 'navigate' ? 'open' : humanize(action));

/** Who or what gives the user an action, as a noun: "your Viewer Licence", "the CSM bundle". */
export function reasonPhrase(r: Reason): string {
  switch (r.kind) {
    case 'superAdmin':
      return 'your super admin status';
    case 'bundle': {
      const b = bundleTitle(r.bundle);
      if (r.via === 'license') return `your ${b}`;
      if (r.via === 'group') return `the ${b} bundle of your group “${r.group ?? ''}”`;
      if (r.via === 'rule') return `the ${b} bundle (given to you by a rule)`;
      return `the ${b} bundle`;
    }
    case 'direct':
      return 'a grant on this page';
    default:
      return 'your access';
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
    const who =
      phrases.length > 1
        ? `${phrases.slice(0, -1).join(', ')} and ${phrases.at(-1)} give it`
        : `${phrases[0]} gives it`;
    const why = phrases.length > 0 ? `: ${who}` : '';
    return `You may ${what}${why}.`;
  }
  const have = e.missing?.have ?? [];
  if (have.length === 0) return `You may not ${what}: none of your bundles gives it.`;
  return `You may not ${what}: you may only ${have.map(verb).join(' and ')} it.`;
}
