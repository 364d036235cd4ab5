// The config editor: key checks, where the key is stored, the advanced settings.
import path from 'node:path';

import { harness, screenshotDir, settle } from './shared.mjs';

// Made-up keys in Stripe's formats; the editor only looks at the prefix.
const SECRET_KEY = 'sk_test_ExampleNotARealKey000000';
const RESTRICTED_KEY = 'rk_test_ExampleNotARealKey000000';

export async function configEditor(page, url, check) {
  await page.goto(url);
  await page.getByRole('heading', { name: 'Connection' }).waitFor();
  const key = page.getByLabel(/Stripe API key/);

  await key.fill(SECRET_KEY);
  check(await page.getByText(/This is a secret key/).isVisible(), 'an sk_ key is refused with an explanation');

  await key.fill(RESTRICTED_KEY);
  await page.getByText('Restricted key, test mode: sandbox data.').waitFor();
  check(true, 'an rk_test_ key is accepted as test mode');

  const { options } = await harness(page);
  check(options?.secureJsonData?.apiKey === RESTRICTED_KEY, 'the key goes to secureJsonData.apiKey');
  check(!JSON.stringify(options?.jsonData ?? {}).includes('rk_test_'), 'the key is not in jsonData');

  await page.getByRole('button', { name: 'Expand section Advanced settings' }).click();
  await page.getByLabel(/^Request rate budget/).fill('40');
  const rate = (await harness(page)).options?.jsonData?.rateLimit;
  check(rate === 40, 'the rate budget is written to jsonData.rateLimit');

  await settle(page);
  await page.screenshot({ path: path.join(screenshotDir, 'config-editor.png'), fullPage: true });
}
