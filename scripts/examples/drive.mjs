// The scenario scripts/examples.mjs runs in Chromium on every example (playwright-core):
// Bob is denied, Ann lets him edit (live push), then takes it back; no console error,
// warning or hydration report on the way. Screenshots go to `artifacts`.
import { join } from 'node:path';

/** A page that records console errors and warnings and uncaught exceptions. */
async function openPage(browser, url, problems, label) {
  const context = await browser.newContext({ viewport: { width: 1000, height: 640 } });
  const page = await context.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning' || /hydrat/i.test(m.text()))
      problems.push(`${label} console.${m.type()}: ${m.text()} (${m.location().url})`);
  });
  page.on('pageerror', (e) => problems.push(`${label} page error: ${e.message}`));
  // a denied action must be inert: its onClick would open an alert
  page.on('dialog', (d) => {
    problems.push(`${label} dialog opened: ${d.message()}`);
    d.dismiss().catch(() => {});
  });
  // the push stream the client opens (EventSource: GET /grantkit/grants/stream)
  page.streams = 0;
  page.on('request', (r) => {
    if (new URL(r.url()).pathname === '/grantkit/grants/stream') page.streams += 1;
  });
  await page.goto(url);
  await page.getByTestId('status').filter({ hasText: 'ready' }).waitFor({ timeout: 60_000 });
  return page;
}

const stateOf = (page, testId) => page.getByTestId(testId).getAttribute('data-state');
async function waitForState(page, testId, state) {
  await page
    .locator(`[data-testid="${testId}"][data-state="${state}"]`)
    .waitFor({ timeout: 60_000 });
}

/** The scenario every target runs: Bob is denied, Ann lets him edit (live), then takes it back. */
export async function drive(browser, label, baseUrl, { check, artifacts }) {
  const problems = [];
  const bob = await openPage(browser, `${baseUrl}/?user=bob`, problems, 'bob');
  const ann = await openPage(browser, `${baseUrl}/?user=ann`, problems, 'ann');
  try {
    const edit = bob.getByTestId('edit-q3');
    const denied =
      (await edit.getAttribute('aria-disabled')) === 'true' &&
      (await stateOf(bob, 'edit-q3')) === 'denied';
    const opacity = Number(await edit.evaluate((el) => getComputedStyle(el).opacity));
    await edit.hover();
    const tooltipId = ((await edit.getAttribute('aria-describedby')) ?? '').split(' ').at(-1);
    const tooltip = bob.locator(`[id="${tooltipId}"]`);
    await tooltip.waitFor({ state: 'visible', timeout: 10_000 }).catch(() => {});
    const reason = (await tooltip.textContent().catch(() => '')) ?? '';
    check(
      `${label}: Bob's "Edit" on Q3 is greyed (styles.css) with its reason`,
      denied &&
        opacity < 0.9 &&
        /needs edit on dashboard “Q3 Revenue”/.test(reason) &&
        (await tooltip.isVisible()),
      `aria-disabled/denied ${denied}, opacity ${opacity}, tooltip "${reason}"`,
    );
    await bob.screenshot({ path: join(artifacts, `${label}-bob-denied.png`) });
    await edit.click({ force: true }); // inert: no alert opens (a dialog counts as a problem)
    check(
      `${label}: Bob may not run the admin op (greyed)`,
      (await stateOf(bob, 'let-bob-edit')) === 'denied' &&
        (await stateOf(ann, 'let-bob-edit')) === 'allowed',
    );

    await ann.getByTestId('let-bob-edit').click();
    await ann
      .getByTestId('op-result')
      .filter({ hasText: 'applied at revision' })
      .waitFor({ timeout: 60_000 });
    await waitForState(bob, 'edit-q3', 'allowed').then(
      () =>
        check(
          `${label}: Ann's admin op reaches Bob's browser (live push): Edit enabled`,
          bob.streams > 0,
          "the client in Bob's browser opened no push stream",
        ),
      (e) =>
        check(
          `${label}: Ann's admin op reaches Bob's browser (live push): Edit enabled`,
          false,
          e.message,
        ),
    );
    await bob.mouse.move(0, 0);
    await bob.screenshot({ path: join(artifacts, `${label}-bob-after-push.png`) });
    await ann.screenshot({ path: join(artifacts, `${label}-ann.png`) });

    await ann.getByTestId('bob-view-only').click();
    await waitForState(bob, 'edit-q3', 'denied').then(
      () => check(`${label}: taking it back reaches Bob too: Edit greyed again`, true),
      (e) => check(`${label}: taking it back reaches Bob too: Edit greyed again`, false, e.message),
    );
  } finally {
    await bob.context().close();
    await ann.context().close();
  }
  const hydration = problems.filter((p) => /hydrat/i.test(p));
  check(`${label}: no hydration warning`, hydration.length === 0, hydration.join('\n      '));
  check(`${label}: no console error or warning`, problems.length === 0, problems.join('\n      '));
}
