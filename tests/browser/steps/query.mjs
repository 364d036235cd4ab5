// The query editor, used as a person would: open the metric picker, read it, choose a metric
// with extra options, set them, then switch to a metric that does not take them.
import { catalog, contentBottom, harness, same, screenshot, settle } from './shared.mjs';

// A customer id in Stripe's format (made up; the editor stores it as typed).
const CUSTOMER = 'cus_ExampleCustomer01';
const MANY_OPTIONS = 'payment_failures_by_reason';
const FEW_OPTIONS = 'net_revenue';

const metricById = (id) => catalog.metrics.find((m) => m.id === id);
const optionLabels = (metric) => metric.options.map((o) => catalog.options[o].label);

export async function queryEditor(page, url, check) {
  await page.goto(url);
  const picker = page.getByRole('combobox', { name: 'Metric' });
  await picker.click();
  await page.getByRole('option').first().waitFor();
  // The picture first: reading the list scrolls it, which leaves scroll indicators fading.
  await page.waitForLoadState('networkidle');
  const menuBottom = await page.getByRole('listbox').evaluate((el) => el.getBoundingClientRect().bottom);
  await screenshot(page, 'metric-picker.png', menuBottom + 24);
  await checkPickerMatchesCatalog(page, check);

  const many = metricById(MANY_OPTIONS);
  await choose(page, picker, many);
  let query = (await harness(page)).query;
  check(query?.metric === MANY_OPTIONS, `choosing "${many.label}" writes query.metric`);
  check(query?.timeZone === 'America/New_York', "a new query's time zone is taken from the dashboard");
  check((await harness(page)).runs > 0, 'choosing a metric runs the query');
  const shown = await visibleLabels(page, optionLabels(many));
  check(shown.length === many.options.length, `every option the metric takes is shown: ${shown.join(', ')}`);

  await commit(page.getByLabel(/^Customer/), CUSTOMER);
  await commit(page.getByLabel(/^Payment method/), 'card');
  await commit(page.getByLabel(/^Top N/), '3');
  const currencies = page.getByLabel(/^Currencies/);
  await commit(currencies, 'USD');
  await commit(currencies, '$currency');
  await page.getByRole('radio', { name: 'Day', exact: true }).click();
  query = (await harness(page)).query;
  const expected = {
    bucket: 'day',
    currencies: ['usd', '$currency'],
    customer: CUSTOMER,
    metric: MANY_OPTIONS,
    paymentMethodType: 'card',
    refId: 'A',
    timeZone: 'America/New_York',
    topN: 3,
  };
  check(same(query, expected), `the stored query holds every option as typed ${JSON.stringify(query)}`);
  check(typeof query?.topN === 'number', 'Top N is stored as a number');

  await settle(page);
  await screenshot(page, 'query-editor.png', await contentBottom(page));

  const few = metricById(FEW_OPTIONS);
  await choose(page, picker, few);
  query = (await harness(page)).query;
  const kept = {
    bucket: 'day',
    currencies: ['usd', '$currency'],
    metric: FEW_OPTIONS,
    refId: 'A',
    timeZone: 'America/New_York',
  };
  check(
    same(query, kept),
    `switching to "${few.label}" drops customer, payment method and Top N ${JSON.stringify(query)}`
  );
  const dropped = optionLabels(many).filter((label) => !optionLabels(few).includes(label));
  check((await visibleLabels(page, dropped)).length === 0, `their fields are gone: ${dropped.join(', ')}`);
}

/**
 * Reads the whole picker and compares it with the catalog: every metric under its group's label,
 * with its label and one-line description, groups in catalog order. The list is virtualised (only
 * rows in view exist), so it is read while scrolling through it, each row placed by its offset in
 * the list; a metric belongs to the nearest group heading above it, as a reader sees it.
 */
async function checkPickerMatchesCatalog(page, check) {
  const seen = await page.getByRole('listbox').evaluate(async (box) => {
    const frame = () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    const scroller = [...box.querySelectorAll('*')].find((el) => el.scrollHeight > el.clientHeight + 1);
    const rows = new Map(); // offset in the list -> heading or option
    const offset = (el) =>
      Math.round(el.getBoundingClientRect().top - box.getBoundingClientRect().top + (scroller?.scrollTop ?? 0));
    for (;;) {
      box
        .querySelectorAll('[data-testid="combobox-option-group"]')
        .forEach((g) => rows.set(offset(g), { group: g.textContent }));
      box.querySelectorAll('[role="option"]').forEach((o) => rows.set(offset(o), { id: o.id, text: o.textContent }));
      if (!scroller || scroller.scrollTop + scroller.clientHeight >= scroller.scrollHeight - 1) {
        break;
      }
      scroller.scrollTop += scroller.clientHeight / 2;
      await frame();
    }
    if (scroller) {
      scroller.scrollTop = 0;
      await frame();
    }
    const groups = [];
    const metrics = {};
    for (const [, row] of [...rows].sort(([a], [b]) => a - b)) {
      if (row.group !== undefined) {
        groups.push(row.group);
      } else {
        metrics[row.id.replace(/^combobox-option-/, '')] = { text: row.text, group: groups[groups.length - 1] };
      }
    }
    return { groups, metrics };
  });

  const groupsWithMetrics = catalog.groups.filter((g) => catalog.metrics.some((m) => m.group === g.id));
  const expectedGroups = groupsWithMetrics.map((g) => g.label);
  check(
    JSON.stringify(seen.groups) === JSON.stringify(expectedGroups),
    `the picker lists the groups in catalog order: ${seen.groups.join(', ')}`
  );
  const wrong = catalog.metrics.filter((m) => {
    const shown = seen.metrics[m.id];
    const group = catalog.groups.find((g) => g.id === m.group)?.label;
    return shown?.text !== m.label + m.description || shown?.group !== group;
  });
  check(
    wrong.length === 0 && Object.keys(seen.metrics).length === catalog.metrics.length,
    `all ${catalog.metrics.length} metrics are listed under their group with their description` +
      (wrong.length ? ` (wrong: ${wrong.map((m) => `${m.id} ${JSON.stringify(seen.metrics[m.id])}`).join(', ')})` : '')
  );
}

/** Picks a metric as a person would: type part of its name into the picker, click it. */
async function choose(page, picker, metric) {
  await picker.click();
  await picker.fill(metric.label);
  await page.getByRole('option', { name: `${metric.label} ${metric.description}`, exact: true }).click();
  await page.getByText(metric.computation).waitFor();
}

/** Types into a field and presses Enter, which commits text and number options. */
async function commit(field, text) {
  await field.fill(text);
  await field.press('Enter');
}

/** Which of these option labels the editor shows. */
async function visibleLabels(page, labels) {
  const shown = [];
  for (const label of labels) {
    if (await page.locator('label').getByText(label, { exact: true }).isVisible()) {
      shown.push(label);
    }
  }
  return shown;
}
