/** axe-core in jsdom, as Radix tests its components: no serious or critical violation. */
import axe from 'axe-core';

/** The serious and critical axe violations inside `container`, as `id: help` lines. */
export async function seriousViolations(container: Element): Promise<string[]> {
  // jsdom has no layout: colour contrast is checked in Chromium (GuardedAction.browser.test.ts).
  const results = await axe.run(container, {
    resultTypes: ['violations'],
    rules: { 'color-contrast': { enabled: false } },
  });
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.html).join(', ')})`);
}
