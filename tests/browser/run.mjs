// Browser test and screenshots for the data source's editors, without a Grafana server:
// bundles harness/main.tsx (the plugin's own ConfigEditor and QueryEditor in Grafana's dark
// theme), serves it, drives it with Debian's chromium through playwright-core, checks what the
// editors write, and saves screenshots to docs/img/.
//
//   node tests/browser/run.mjs            (npm run screenshots)
//
// Needs /usr/bin/chromium (apt-get install chromium). Exits non-zero when a check fails.
import { createReadStream, existsSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { chromium } from 'playwright-core';
import webpack from 'webpack';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const buildDir = path.join(root, 'node_modules/.cache/stripe-browser-harness');
const iconsDir = path.join(root, 'node_modules/@grafana/ui/dist/public/img/icons');
const screenshotDir = path.join(root, 'docs/img');
const require = createRequire(import.meta.url);

// Made-up keys in Stripe's formats; the editors only look at the prefix.
const SECRET_KEY = 'sk_test_ExampleNotARealKey000000';
const RESTRICTED_KEY = 'rk_test_ExampleNotARealKey000000';

async function main() {
  await bundleHarness();
  const server = await serve();
  const { port } = server.address();
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  const failures = [];
  try {
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    const pageErrors = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    const check = (ok, what) => {
      console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
      if (!ok) {
        failures.push(what);
      }
    };
    mkdirSync(screenshotDir, { recursive: true });

    await configEditor(page, `http://127.0.0.1:${port}/?editor=config`, check);
    await queryEditor(page, `http://127.0.0.1:${port}/?editor=query`, check);

    check(pageErrors.length === 0, `no uncaught errors in the page ${pageErrors.join('; ')}`);
  } finally {
    await browser.close();
    server.close();
  }
  if (failures.length > 0) {
    console.error(`\n${failures.length} check(s) failed`);
    process.exit(1);
  }
  console.log(`\nScreenshots in ${path.relative(root, screenshotDir)}/`);
}

async function configEditor(page, url, check) {
  await page.goto(url);
  await page.getByRole('heading', { name: 'Connection' }).waitFor();
  const key = page.getByLabel(/Stripe API key/);

  await key.fill(SECRET_KEY);
  check(await page.getByText(/This is a secret key/).isVisible(), 'an sk_ key is refused with an explanation');

  await key.fill(RESTRICTED_KEY);
  await page.getByText('Restricted key, test mode: sandbox data.').waitFor();
  check(true, 'an rk_test_ key is accepted as test mode');

  const options = await page.evaluate(() => window.__harness.options);
  check(options?.secureJsonData?.apiKey === RESTRICTED_KEY, 'the key goes to secureJsonData.apiKey');
  check(!JSON.stringify(options?.jsonData ?? {}).includes('rk_test_'), 'the key is not in jsonData');

  await page.getByRole('button', { name: 'Expand section Advanced settings' }).click();
  await page.getByLabel(/^Request rate budget/).fill('40');
  const rate = await page.evaluate(() => window.__harness.options?.jsonData?.rateLimit);
  check(rate === 40, 'the rate budget is written to jsonData.rateLimit');

  await settle(page);
  await page.screenshot({ path: path.join(screenshotDir, 'config-editor.png'), fullPage: true });
}

async function queryEditor(page, url, check) {
  await page.goto(url);
  const metric = page.getByRole('combobox', { name: 'Metric' });
  await metric.click();
  const option = page.getByRole('option', { name: /Net revenue/ });
  await option.waitFor();
  check(await page.getByText('Revenue', { exact: true }).isVisible(), 'metrics are listed under their group');
  await page.waitForLoadState('networkidle');
  const menuBottom = await page.getByRole('listbox').evaluate((el) => el.getBoundingClientRect().bottom);
  await page.screenshot({
    path: path.join(screenshotDir, 'query-editor-metric-picker.png'),
    clip: editorArea(menuBottom + 24),
  });

  await option.click();
  await page.getByText(/How it is computed/).waitFor();
  const query = await page.evaluate(() => window.__harness.query);
  check(query?.metric === 'net_revenue', 'choosing a metric writes query.metric');
  check(query?.timeZone === 'America/New_York', "a new query's time zone is taken from the dashboard");
  check((await page.evaluate(() => window.__harness.runs)) > 0, 'choosing a metric runs the query');

  const currencies = page.getByLabel(/^Currencies/);
  await currencies.fill('USD');
  await currencies.press('Enter');
  await currencies.fill('$currency');
  await currencies.press('Enter');
  const written = await page.evaluate(() => window.__harness.query?.currencies);
  check(JSON.stringify(written) === '["usd","$currency"]', 'currencies are lower-cased, variables kept');

  await page.getByRole('radio', { name: 'Day', exact: true }).click();
  check((await page.evaluate(() => window.__harness.query?.bucket)) === 'day', 'the bucket is written');

  await settle(page);
  const bottom = await page.locator('#root > div').evaluate((el) => el.getBoundingClientRect().bottom);
  await page.screenshot({ path: path.join(screenshotDir, 'query-editor.png'), clip: editorArea(bottom) });
}

// Screenshots show the editor at rest: no focus ring, no hover, every icon fetched.
async function settle(page) {
  await page.evaluate(() => document.activeElement?.blur());
  await page.mouse.move(0, 0);
  await page.waitForLoadState('networkidle');
}

function editorArea(height) {
  return { x: 0, y: 0, width: 1100, height: Math.ceil(height) };
}

function bundleHarness() {
  const config = require('./webpack.config.cjs');
  return new Promise((resolve, reject) => {
    webpack(config, (error, stats) => {
      if (error || stats.hasErrors()) {
        reject(error ?? new Error(stats.toString({ all: false, errors: true })));
        return;
      }
      resolve();
    });
  });
}

const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.svg': 'image/svg+xml', '.css': 'text/css' };

function serve() {
  const server = createServer((req, res) => {
    const urlPath = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    let file;
    if (urlPath === '/') {
      file = path.join(here, 'harness/index.html');
    } else if (urlPath.startsWith('/public/build/img/icons/')) {
      file = path.join(iconsDir, urlPath.slice('/public/build/img/icons/'.length));
    } else {
      file = path.join(buildDir, urlPath);
    }
    const allowed = [here, buildDir, iconsDir].some((dir) => file.startsWith(dir + path.sep));
    if (!allowed || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
