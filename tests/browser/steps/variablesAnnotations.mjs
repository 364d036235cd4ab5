// The variable and annotation query editors: each offers what the catalog lists and stores the
// query the backend reads ({"queryType":"variable",...} and {"queryType":"annotation",...}).
import { catalog, contentBottom, harness, same, screenshot, settle } from './shared.mjs';

export async function variableEditor(page, url, check) {
  await page.goto(url);
  await page.getByRole('radio', { name: catalog.variables[0].label }).waitFor();
  check(await offersAll(page, catalog.variables), 'the variable editor offers every list in the catalog');

  const currencies = catalog.variables.find((v) => v.id === 'currencies');
  await page.getByRole('radio', { name: currencies.label }).click();
  const { query } = await harness(page);
  check(
    query?.queryType === 'variable' && query?.variable === 'currencies',
    `choosing a list stores a variable query ${JSON.stringify(query)}`
  );
  check(await page.locator('p', { hasText: currencies.description }).isVisible(), "the list's description is shown");

  await settle(page);
  await screenshot(page, 'variable-editor.png', await contentBottom(page));
}

export async function annotationEditor(page, url, check) {
  await page.goto(url);
  const first = page.getByRole('radio', { name: catalog.annotations[0].label });
  await first.waitFor();
  check(await offersAll(page, catalog.annotations), 'the annotation editor offers every kind of events in the catalog');
  check(await first.isChecked(), "a new annotation starts with the data source's default events");

  const refunds = catalog.annotations.find((a) => a.id === 'large_refunds');
  await page.getByRole('radio', { name: refunds.label }).click();
  check(await page.locator('p', { hasText: refunds.description }).isVisible(), "the events' description is shown");
  const atLeast = page.getByLabel(new RegExp(`^${catalog.options.minAmount.label}`));
  await atLeast.fill('100');
  await atLeast.press('Enter');
  const { query } = await harness(page);
  const { refId, queryType, annotation, minAmount } = query ?? {};
  check(
    same(
      { refId, queryType, annotation, minAmount },
      { refId: 'Anno', queryType: 'annotation', annotation: 'large_refunds', minAmount: 100 }
    ),
    `"${refunds.label}" with a minimum amount is stored as an annotation query ${JSON.stringify(query)}`
  );

  await settle(page);
  await screenshot(page, 'annotation-editor.png', await contentBottom(page));
}

async function offersAll(page, entries) {
  for (const entry of entries) {
    if (!(await page.getByRole('radio', { name: entry.label, exact: true }).isVisible())) {
      return false;
    }
  }
  return true;
}
