// Browser test and screenshots for the data source's editors, without a Grafana server:
// bundles harness/main.tsx (the plugin's own config, query, variable and annotation editors in
// Grafana's dark theme, and a page drawing the demo account with Grafana's TimeSeries), serves it,
// drives it with Debian's chromium through playwright-core, checks what the editors write, and
// saves screenshots to src/img/screenshots/ (the README and the plugin catalog page show them). The demo frames come from the plugin's backend, run in process
// by demoframes/main.go (`go run`) while the page is bundled.
//
//   node tests/browser/run.mjs            (npm run screenshots)
//
// Needs /usr/bin/chromium (apt-get install chromium) and Go. Exits non-zero when a check fails.
import { execFile } from 'node:child_process';
import { createReadStream, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { chromium } from 'playwright-core';
import webpack from 'webpack';

import { configEditor } from './steps/config.mjs';
import { demoChart } from './steps/demoChart.mjs';
import { queryEditor } from './steps/query.mjs';
import { screenshotDir } from './steps/shared.mjs';
import { annotationEditor, variableEditor } from './steps/variablesAnnotations.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const buildDir = path.join(root, 'node_modules/.cache/stripe-browser-harness');
const iconsDir = path.join(root, 'node_modules/@grafana/ui/dist/public/img/icons');
const require = createRequire(import.meta.url);

async function main() {
  // Both take a while and neither needs the other: the Go build runs while webpack bundles.
  const [demo] = await Promise.all([demoFrames(), bundleHarness()]);
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

    // A step that gets stuck (an element never appears) fails after 15 s and the next one runs.
    page.setDefaultTimeout(15000);
    const step = async (name, run) => {
      try {
        await run();
      } catch (error) {
        check(false, `${name} stopped: ${error.message.split('\n')[0]}`);
      }
    };
    const base = `http://127.0.0.1:${port}/`;
    await step('config editor', () => configEditor(page, `${base}?editor=config`, check));
    await step('query editor', () => queryEditor(page, `${base}?editor=query`, check));
    await step('variable editor', () => variableEditor(page, `${base}?editor=variable`, check));
    await step('annotation editor', () => annotationEditor(page, `${base}?editor=annotation`, check));
    await step('demo chart', () =>
      demoChart(page, `${base}?view=demo-chart`, demo, check, ['net_revenue', 'gross_volume'], 'demo-net-revenue.png')
    );
    await step('demo MRR in the reporting currency', () =>
      demoChart(
        page,
        `${base}?view=demo-mrr`,
        demo,
        check,
        ['mrr', 'mrr_converted'],
        'demo-mrr-reporting-currency.png',
        100
      )
    );

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

/**
 * The demo account's frames, as the plugin's backend answers them now; written where the page
 * fetches them (/demo-frames.json).
 */
function demoFrames() {
  return new Promise((resolve, reject) => {
    execFile(
      'go',
      ['run', './tests/browser/demoframes'],
      { cwd: root, maxBuffer: 64 << 20 },
      (error, stdout, stderr) => {
        if (error) {
          reject(new Error(`go run ./tests/browser/demoframes: ${stderr || error.message}`));
          return;
        }
        mkdirSync(buildDir, { recursive: true });
        writeFileSync(path.join(buildDir, 'demo-frames.json'), stdout);
        resolve(JSON.parse(stdout));
      }
    );
  });
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

const TYPES = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.css': 'text/css',
};

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
